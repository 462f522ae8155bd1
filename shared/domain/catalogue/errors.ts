import { message, type Message, type MessageKey, type MessageParams } from '../../i18n';
import type { Catalogue } from '../schemas/catalogue';

/**
 * A problem in a catalogue file. `row` is the spreadsheet row for CSV (header = row 1) or the 1-based position in
 * `abilities` / `topics` for JSON; null when the problem is not tied to one row. `field` is a stable column or path.
 */
export interface CatalogueError {
  row: number | null;
  field: string;
  message: Message;
}

export type CatalogueResult =
  | { ok: true; catalogue: Catalogue; warnings: CatalogueError[] }
  | { ok: false; errors: CatalogueError[]; warnings: CatalogueError[] };

export function catalogueError(
  row: number | null,
  field: string,
  key: MessageKey,
  params: MessageParams = {},
): CatalogueError {
  return { row, field, message: message(key, params) };
}
