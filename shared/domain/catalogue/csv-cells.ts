import { label, type LocalizedText } from '../../i18n';
import { EVIDENCE_KINDS, VERIFICATION_STATUSES, type EvidenceKind, type VerificationStatus } from '../ids';
import type { LabelledId } from '../schemas/catalogue';
import { catalogueError, type CatalogueError } from './errors';
import { CSV_COLUMNS, type CsvColumn } from './csv-columns';

/** Parsing a cell either gives a value or an error naming the row and column. */
export type CellResult<T> = { ok: true; value: T } | { ok: false; error: CatalogueError };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });

function invalidChoice(row: number, column: CsvColumn, value: string, allowed: string[]): CellResult<never> {
  const params = { field: CSV_COLUMNS[column].label, value, allowed };
  return { ok: false, error: catalogueError(row, column, 'catalogue.field.invalid-choice', params) };
}

/** Matches an id, a Chinese or English name, or an unambiguous start of the Chinese name ("多媒体"). */
export function parseLabelledChoice(
  raw: string,
  row: number,
  column: CsvColumn,
  choices: readonly LabelledId[],
): CellResult<string> {
  const wanted = raw.toLowerCase();
  const exact = choices.find(
    (c) => c.id.toLowerCase() === wanted || c.name.zh === raw || c.name.en.toLowerCase() === wanted,
  );
  if (exact) return ok(exact.id);
  const prefixed = raw.length >= 2 ? choices.filter((c) => c.name.zh.startsWith(raw)) : [];
  if (prefixed.length === 1 && prefixed[0]) return ok(prefixed[0].id);
  return invalidChoice(
    row,
    column,
    raw,
    choices.flatMap((c) => [c.id, c.name.zh]),
  );
}

const KIND_SYNONYMS: Record<string, EvidenceKind> = { 文字: 'text', 课件: 'slides', ppt: 'slides', 网址: 'link' };

export function parseKind(raw: string, row: number): CellResult<EvidenceKind> {
  const wanted = raw.toLowerCase();
  for (const kind of EVIDENCE_KINDS) {
    const names: LocalizedText = label(`label.kind.${kind}`);
    if (wanted === kind || raw === names.zh) return ok(kind);
  }
  const synonym = KIND_SYNONYMS[wanted];
  if (synonym) return ok(synonym);
  return invalidChoice(row, 'kind', raw, [
    ...EVIDENCE_KINDS,
    ...EVIDENCE_KINDS.map((k) => label(`label.kind.${k}`).zh),
  ]);
}

const TRUE_WORDS = new Set(['是', '必交', 'yes', 'y', 'true', '1', 'required']);
const FALSE_WORDS = new Set(['否', '选交', 'no', 'n', 'false', '0', 'optional']);

export function parseBoolean(raw: string, row: number, column: CsvColumn): CellResult<boolean> {
  const wanted = raw.toLowerCase();
  if (TRUE_WORDS.has(wanted)) return ok(true);
  if (FALSE_WORDS.has(wanted)) return ok(false);
  const params = { field: CSV_COLUMNS[column].label, value: raw };
  return { ok: false, error: catalogueError(row, column, 'catalogue.field.invalid-boolean', params) };
}

/** An optional positive number: '' is "no limit". */
export function parseOptionalPositive(raw: string, row: number, column: CsvColumn): CellResult<number | undefined> {
  if (raw === '') return ok(undefined);
  const value = Number(raw);
  if (Number.isFinite(value) && value > 0) return ok(value);
  const params = { field: CSV_COLUMNS[column].label, value: raw };
  return { ok: false, error: catalogueError(row, column, 'catalogue.field.invalid-number', params) };
}

export function parseVerification(raw: string, row: number): CellResult<VerificationStatus> {
  if (raw === '') return ok('institution');
  const found = VERIFICATION_STATUSES.find((status) => status === raw.toLowerCase());
  return found ? ok(found) : invalidChoice(row, 'verification', raw, [...VERIFICATION_STATUSES]);
}

/** Lists in one cell: "doc|docx", "doc、docx", "doc; docx" or "doc docx". */
export function splitList(raw: string): string[] {
  return raw
    .split(/[|;,，、；\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseExtensions(raw: string): string[] | undefined {
  const list = splitList(raw).map((ext) => ext.replace(/^\./, '').toLowerCase());
  return list.length > 0 ? list : undefined;
}

/** Criteria separated by "|" or line breaks. A CSV carries Chinese only, so English repeats the Chinese text. */
export function parseCriteria(raw: string): LocalizedText[] {
  return raw
    .split(/[|\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((zh) => ({ zh, en: zh }));
}
