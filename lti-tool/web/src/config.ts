import { appConfigSchema, type AppConfig } from '../../../shared/schemas/app-config';

/** The launch configuration the server put in the page; a malformed one is a bug, so it fails loudly. */
export function readConfig(doc: Document = document): AppConfig {
  const element = doc.getElementById('app-config');
  if (!element?.textContent) throw new Error('app-config missing from the page');
  return appConfigSchema.parse(JSON.parse(element.textContent));
}
