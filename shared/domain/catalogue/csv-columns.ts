import type { LocalizedText } from '../../i18n';
import { catalogueError, type CatalogueError } from './errors';
import type { CsvRecord } from './csv';

/**
 * Columns of an institution's catalogue CSV: one row per evidence slot; the ability's own columns repeat on each
 * of its rows. Headers may be English or Chinese; matching ignores case, spaces and full-width brackets.
 */
export const CSV_COLUMNS = {
  code: { label: { zh: '能力点编码', en: 'code' }, required: true, aliases: ['ability_code', '编码', '能力点'] },
  nameZh: { label: { zh: '能力点名称', en: 'name_zh' }, required: true, aliases: ['name', '名称'] },
  nameEn: { label: { zh: '英文名称', en: 'name_en' }, required: false, aliases: [] },
  environment: { label: { zh: '所属环境', en: 'environment' }, required: true, aliases: ['env', '环境', '教学环境'] },
  dimension: { label: { zh: '能力维度', en: 'dimension' }, required: true, aliases: ['维度'] },
  slotId: { label: { zh: '材料编号', en: 'slot_id' }, required: true, aliases: ['slot'] },
  slotNameZh: { label: { zh: '材料名称', en: 'slot_name_zh' }, required: true, aliases: ['slot_name'] },
  slotNameEn: { label: { zh: '材料英文名称', en: 'slot_name_en' }, required: false, aliases: [] },
  kind: { label: { zh: '材料类型', en: 'kind' }, required: true, aliases: ['type', '类型'] },
  required: { label: { zh: '是否必交', en: 'required' }, required: true, aliases: ['必交'] },
  extensions: { label: { zh: '文件格式', en: 'extensions' }, required: false, aliases: ['formats', '格式'] },
  maxSizeMb: { label: { zh: '大小上限(MB)', en: 'max_size_mb' }, required: false, aliases: ['大小上限'] },
  maxVideoMinutes: {
    label: { zh: '视频时长上限(分钟)', en: 'max_video_minutes' },
    required: false,
    aliases: ['视频时长上限'],
  },
  minCharacters: { label: { zh: '最少字数', en: 'min_characters' }, required: false, aliases: [] },
  passCriteria: { label: { zh: '合格标准', en: 'pass_criteria' }, required: false, aliases: [] },
  excellentCriteria: { label: { zh: '优秀标准', en: 'excellent_criteria' }, required: false, aliases: [] },
  verification: { label: { zh: '核实状态', en: 'verification' }, required: false, aliases: [] },
  sources: { label: { zh: '来源', en: 'sources' }, required: false, aliases: [] },
} as const satisfies Record<string, { label: LocalizedText; required: boolean; aliases: readonly string[] }>;

export type CsvColumn = keyof typeof CSV_COLUMNS;
export type ColumnIndex = Partial<Record<CsvColumn, number>>;

function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s_-]+/g, '_');
}

const LOOKUP = new Map<string, CsvColumn>();
for (const [column, def] of Object.entries(CSV_COLUMNS) as Array<[CsvColumn, (typeof CSV_COLUMNS)[CsvColumn]]>) {
  for (const alias of [def.label.zh, def.label.en, ...def.aliases]) LOOKUP.set(normalizeHeader(alias), column);
}

function aliasesOf(column: CsvColumn): string[] {
  const def = CSV_COLUMNS[column];
  return [def.label.en, def.label.zh, ...def.aliases];
}

/** Maps header cells to columns; unknown headers become warnings, missing required columns errors. */
export function mapHeader(header: CsvRecord): {
  index: ColumnIndex;
  errors: CatalogueError[];
  warnings: CatalogueError[];
} {
  const index: ColumnIndex = {};
  const errors: CatalogueError[] = [];
  const warnings: CatalogueError[] = [];
  header.fields.forEach((cell, position) => {
    const column = LOOKUP.get(normalizeHeader(cell));
    if (column === undefined) {
      if (cell.trim() !== '')
        warnings.push(catalogueError(header.row, cell, 'catalogue.csv.unknown-column', { column: cell }));
      return;
    }
    if (index[column] !== undefined) {
      errors.push(catalogueError(header.row, column, 'catalogue.csv.duplicate-column', { column: cell }));
      return;
    }
    index[column] = position;
  });
  for (const column of Object.keys(CSV_COLUMNS) as CsvColumn[]) {
    if (CSV_COLUMNS[column].required && index[column] === undefined) {
      const params = { column: CSV_COLUMNS[column].label, aliases: aliasesOf(column) };
      errors.push(catalogueError(header.row, column, 'catalogue.csv.missing-column', params));
    }
  }
  return { index, errors, warnings };
}

/** The trimmed cell of a column in a record ('' when the column is absent or the row is short). */
export function cell(record: CsvRecord, index: ColumnIndex, column: CsvColumn): string {
  const position = index[column];
  return position === undefined ? '' : (record.fields[position] ?? '').trim();
}
