import { label, type LocalizedText } from '../../i18n';
import type { VerificationStatus } from '../ids';
import type { LabelledId } from '../schemas/catalogue';
import { abilityCodeSchema, slugSchema } from '../schemas/common';
import { parseCsv, type CsvRecord } from './csv';
import { CSV_COLUMNS, cell, mapHeader, type ColumnIndex, type CsvColumn } from './csv-columns';
import * as cells from './csv-cells';
import { catalogueError, type CatalogueError, type CatalogueResult } from './errors';
import { validateCatalogueData } from './validate';

export interface CsvImportOptions {
  id: string;
  name: LocalizedText;
  dataVersion?: string;
  /** Environments and dimensions the rows may name (normally those of the national catalogue). */
  environments: readonly LabelledId[];
  dimensions: readonly LabelledId[];
}

interface AbilityDraft {
  firstRow: number;
  code: string;
  fields: Record<'nameZh' | 'nameEn' | 'environment' | 'dimension' | 'verification', string>;
  sources: string[];
  slots: Array<Record<string, unknown>>;
  slotIds: Set<string>;
  pass: LocalizedText[];
  excellent: LocalizedText[];
}

/** Reads one CSV row into its ability draft; every problem becomes an error naming row and column. */
function readRow(
  record: CsvRecord,
  index: ColumnIndex,
  options: CsvImportOptions,
  drafts: Map<string, AbilityDraft>,
): CatalogueError[] {
  const errors: CatalogueError[] = [];
  const row = record.row;
  const get = (column: CsvColumn) => cell(record, index, column);
  const required = (column: CsvColumn): string | undefined => {
    const value = get(column);
    if (value === '')
      errors.push(catalogueError(row, column, 'catalogue.field.required', { field: CSV_COLUMNS[column].label }));
    return value === '' ? undefined : value;
  };
  const take = <T>(result: cells.CellResult<T>): T | undefined => {
    if (result.ok) return result.value;
    errors.push(result.error);
    return undefined;
  };

  const rawCode = required('code')?.toUpperCase();
  if (rawCode !== undefined && !abilityCodeSchema.safeParse(rawCode).success) {
    errors.push(
      catalogueError(row, 'code', 'catalogue.field.invalid-code', { field: CSV_COLUMNS.code.label, value: rawCode }),
    );
  }
  const nameZh = required('nameZh');
  const envRaw = required('environment');
  const environment = envRaw && take(cells.parseLabelledChoice(envRaw, row, 'environment', options.environments));
  const dimRaw = required('dimension');
  const dimension = dimRaw && take(cells.parseLabelledChoice(dimRaw, row, 'dimension', options.dimensions));
  const verification: VerificationStatus | undefined = take(cells.parseVerification(get('verification'), row));

  const slotId = required('slotId');
  if (slotId !== undefined && !slugSchema.safeParse(slotId).success) {
    errors.push(
      catalogueError(row, 'slotId', 'catalogue.field.invalid-id', { field: CSV_COLUMNS.slotId.label, value: slotId }),
    );
  }
  const slotNameZh = required('slotNameZh');
  const kindRaw = required('kind');
  const kind = kindRaw && take(cells.parseKind(kindRaw, row));
  const requiredRaw = required('required');
  const isRequired = requiredRaw === undefined ? undefined : take(cells.parseBoolean(requiredRaw, row, 'required'));
  const maxSizeMb = take(cells.parseOptionalPositive(get('maxSizeMb'), row, 'maxSizeMb'));
  const maxVideoMinutes = take(cells.parseOptionalPositive(get('maxVideoMinutes'), row, 'maxVideoMinutes'));
  const minCharsRaw = take(cells.parseOptionalPositive(get('minCharacters'), row, 'minCharacters'));
  if (errors.length > 0 || rawCode === undefined) return errors;

  const fields = {
    nameZh: nameZh ?? '',
    nameEn: get('nameEn'),
    environment: environment ?? '',
    dimension: dimension ?? '',
    verification: verification ?? 'institution',
  };
  let draft = drafts.get(rawCode);
  if (draft === undefined) {
    draft = {
      firstRow: row,
      code: rawCode,
      fields,
      sources: [],
      slots: [],
      slotIds: new Set(),
      pass: [],
      excellent: [],
    };
    drafts.set(rawCode, draft);
  } else {
    for (const key of Object.keys(fields) as Array<keyof typeof fields>) {
      if (fields[key] !== '' && draft.fields[key] !== '' && fields[key] !== draft.fields[key]) {
        const params = { code: rawCode, field: CSV_COLUMNS[key].label, firstRow: draft.firstRow };
        errors.push(catalogueError(row, key, 'catalogue.field.inconsistent', params));
      } else if (draft.fields[key] === '') draft.fields[key] = fields[key];
    }
  }
  if (draft.slotIds.has(slotId ?? '')) {
    errors.push(catalogueError(row, 'slotId', 'catalogue.duplicate-slot', { code: rawCode, slotId: slotId ?? '' }));
  }
  draft.slotIds.add(slotId ?? '');
  for (const source of cells.splitList(get('sources'))) if (!draft.sources.includes(source)) draft.sources.push(source);
  const limits = {
    extensions: cells.parseExtensions(get('extensions')),
    maxSizeMb,
    maxVideoMinutes,
    minCharacters: minCharsRaw === undefined ? undefined : Math.ceil(minCharsRaw),
  };
  const slotNameEn = get('slotNameEn');
  draft.slots.push({
    id: slotId,
    name: { zh: slotNameZh, en: slotNameEn === '' ? slotNameZh : slotNameEn },
    kind,
    required: isRequired,
    limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
  });
  for (const [column, target] of [
    ['passCriteria', draft.pass],
    ['excellentCriteria', draft.excellent],
  ] as const) {
    const criteria = cells.parseCriteria(get(column));
    if (criteria.length > 0 && target.length === 0) target.push(...criteria);
  }
  return errors;
}

/** Checks per ability that need all its rows: rubric present, English name present. */
function finishDraft(draft: AbilityDraft, errors: CatalogueError[], warnings: CatalogueError[]) {
  const { code, firstRow } = draft;
  if (draft.pass.length === 0) {
    errors.push(
      catalogueError(firstRow, 'passCriteria', 'catalogue.missing-rubric', { code, grade: label('label.grade.pass') }),
    );
  }
  if (draft.excellent.length === 0) {
    const params = { code, grade: label('label.grade.excellent') };
    errors.push(catalogueError(firstRow, 'excellentCriteria', 'catalogue.missing-rubric', params));
  }
  if (!draft.slots.some((slot) => slot.required === true)) {
    errors.push(catalogueError(firstRow, 'required', 'catalogue.no-required-slot', { code }));
  }
  if (draft.fields.nameEn === '')
    warnings.push(catalogueError(firstRow, 'nameEn', 'catalogue.field.missing-english', { code }));
}

/**
 * An institution's catalogue from CSV (one row per evidence slot). Returns the validated catalogue, or every error
 * found, each with its spreadsheet row, its column and a message in Chinese and English.
 */
export function importCatalogueCsv(text: string, options: CsvImportOptions): CatalogueResult {
  const parsed = parseCsv(text);
  const errors = [...parsed.errors];
  const warnings: CatalogueError[] = [];
  const [header, ...rows] = parsed.records;
  if (header === undefined || rows.length === 0) {
    errors.push(catalogueError(null, '(file)', 'catalogue.csv.empty'));
    return { ok: false, errors, warnings };
  }
  const mapped = mapHeader(header);
  warnings.push(...mapped.warnings);
  if (mapped.errors.length > 0) return { ok: false, errors: [...errors, ...mapped.errors], warnings };

  const drafts = new Map<string, AbilityDraft>();
  for (const record of rows) {
    if (record.fields.length !== header.fields.length) {
      const params = { row: record.row, actual: record.fields.length, expected: header.fields.length };
      errors.push(catalogueError(record.row, '(row)', 'catalogue.csv.column-count', params));
    }
    errors.push(...readRow(record, mapped.index, options, drafts));
  }
  for (const draft of drafts.values()) finishDraft(draft, errors, warnings);
  // Stable sort: parse errors and per-ability checks end up next to the row they concern.
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)), warnings };

  const list = [...drafts.values()];
  const result = validateCatalogueData({
    id: options.id,
    dataVersion: options.dataVersion ?? '1',
    name: options.name,
    environments: options.environments,
    dimensions: options.dimensions,
    abilities: list.map((draft) => ({
      code: draft.code,
      name: { zh: draft.fields.nameZh, en: draft.fields.nameEn === '' ? draft.fields.nameZh : draft.fields.nameEn },
      environment: draft.fields.environment,
      dimension: draft.fields.dimension,
      verification: { status: draft.fields.verification },
      sources: draft.sources,
      // The institution is the source of its own catalogue.
      evidence: {
        confidence: 'one-source',
        slots: draft.slots,
        rubric: { confidence: 'one-source', pass: draft.pass, excellent: draft.excellent },
      },
    })),
  });
  if (result.ok) return { ...result, warnings };
  // Anything the schema still finds is located by ability; report it on that ability's first row.
  const located = result.errors.map((error) => ({
    ...error,
    row: error.row === null ? null : (list[error.row - 1]?.firstRow ?? null),
  }));
  return { ok: false, errors: located, warnings };
}
