import { formatPath, parseWithIssues } from '../../i18n';
import { catalogueFileSchema, type Catalogue, type CatalogueFile } from '../schemas/catalogue';
import { catalogueError, type CatalogueError, type CatalogueResult } from './errors';
import { checkCatalogueIntegrity } from './integrity';

/** Replaces `{ "template": "default" }` references by the template itself. Call only after the integrity check. */
export function resolveCatalogue(file: CatalogueFile): Catalogue {
  const { templates, abilities, ...rest } = file;
  return {
    ...rest,
    abilities: abilities.map((ability) => {
      const evidence = 'template' in ability.evidence ? templates[ability.evidence.template] : ability.evidence;
      if (evidence === undefined) throw new Error(`unresolved template for ${ability.code}`);
      return { ...ability, evidence };
    }),
  };
}

/** JSON paths inside `abilities` or `topics` map to a 1-based row so JSON and CSV errors read the same. */
function rowOf(path: string): number | null {
  const match = /^(?:abilities|topics)\[(\d+)\]/.exec(path);
  return match?.[1] === undefined ? null : Number(match[1]) + 1;
}

/** Validates already-parsed catalogue data: schema first, then cross-references, then resolves templates. */
export function validateCatalogueData(raw: unknown): CatalogueResult {
  const parsed = parseWithIssues(catalogueFileSchema, raw);
  if (!parsed.ok) {
    const errors = parsed.issues.map((issue): CatalogueError => ({
      row: rowOf(issue.path),
      field: issue.path,
      message: issue.message,
    }));
    return { ok: false, errors, warnings: [] };
  }
  const integrity = checkCatalogueIntegrity(parsed.data);
  if (integrity.length > 0) {
    const errors = integrity.map((issue): CatalogueError => {
      const field = formatPath(issue.path);
      return { row: rowOf(field), field, message: issue.message };
    });
    return { ok: false, errors, warnings: [] };
  }
  return { ok: true, catalogue: resolveCatalogue(parsed.data), warnings: [] };
}

/** An institution's catalogue as JSON text (same format as shared/programmes/catalogues/*.json). */
export function importCatalogueJson(text: string): CatalogueResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [catalogueError(null, '(file)', 'catalogue.json.syntax', { detail })], warnings: [] };
  }
  return validateCatalogueData(raw);
}
