import ExcelJS from 'exceljs';
import { ORG_IMPORT_COLUMNS, ORG_IMPORT_MAX_BYTES, ORG_IMPORT_MAX_ROWS } from '../../../../shared/api/organisations';
import { LEVELS } from './columns';

type Lang = 'zh' | 'en';

/** An example path, shown on the instructions sheet (not in the data sheet, so importing the template adds nothing). */
const EXAMPLE = [
  '410000',
  '河南省',
  '410100',
  '郑州市',
  '410102',
  '中原区',
  '4141010001',
  '郑州市中原区示例小学',
  '语文教研组',
  '',
];

const RULES: Record<Lang, string[]> = {
  zh: [
    '每行写一条从上到下的路径：省 → 市 → 区县 → 学校 → 教研组。只导入区县及以下时，可不填省、市两级。',
    ...LEVELS.map(
      (l) => `${l.label.zh}代码：${l.codeRule.zh}${l.kind === 'group' ? '（可不填；不填时按学校与名称识别）' : ''}。`,
    ),
    '名称最多 100 字；同一代码只能对应一个名称和一个上级。',
    '学校须与其区县（或市、省）写在同一行；教研组须与其学校写在同一行。',
    '按代码识别：再次导入同一文件不会重复创建；名称或上级变化会更新原记录（记入审计日志）。',
    `文件最大 ${ORG_IMPORT_MAX_BYTES / 1024 / 1024} MB、最多 ${ORG_IMPORT_MAX_ROWS.toLocaleString('en')} 行数据；更大的文件请按市拆分。`,
    '先“预览”查看逐行报告，全部无误后再“导入”；任何一行有问题时不会导入任何内容。',
  ],
  en: [
    'One path per row, top down: province → city → county → school → group. A county-level import may leave province and city empty.',
    ...LEVELS.map(
      (l) =>
        `${l.label.en} code: ${l.codeRule.en}${l.kind === 'group' ? ' (optional; without it a group is matched by school and name)' : ''}.`,
    ),
    'Names have at most 100 characters; one code has one name and one parent.',
    'A school goes on the same row as its county (or city, province); a group on the same row as its school.',
    'Matched by code: importing the same file again creates nothing twice; a changed name or parent updates the record (audited).',
    `At most ${ORG_IMPORT_MAX_BYTES / 1024 / 1024} MB and ${ORG_IMPORT_MAX_ROWS.toLocaleString('en')} data rows per file; split larger files by city.`,
    'Preview first and read the row-by-row report; nothing is imported while any row has an issue.',
  ],
};

export const headers = (lang: Lang) => ORG_IMPORT_COLUMNS.map((c) => c[lang]);

/** The XLSX template: an empty data sheet with text-formatted code columns, and an instructions sheet. */
export async function orgTemplateXlsx(lang: Lang): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const data = book.addWorksheet(lang === 'zh' ? '组织机构' : 'Organisations', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  data.columns = ORG_IMPORT_COLUMNS.map((c) => ({
    header: c[lang],
    width: c.key.endsWith('Name') ? 24 : 14,
    // Codes as text, so Excel keeps leading zeros and long codes intact.
    style: c.key.endsWith('Code') ? { numFmt: '@' } : {},
  }));
  data.getRow(1).font = { bold: true };
  const help = book.addWorksheet(lang === 'zh' ? '填写说明' : 'Instructions');
  help.getColumn(1).width = 110;
  for (const line of RULES[lang]) help.addRow([line]);
  help.addRow([]);
  help.addRow([lang === 'zh' ? '示例（复制到“组织机构”表中使用）：' : 'Example (copy it to the Organisations sheet):']);
  help.addRow(headers(lang));
  help.addRow(EXAMPLE);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The CSV template: UTF-8 with a BOM (so Excel opens the Chinese headers right) and the header row only. */
export function orgTemplateCsv(lang: Lang): Buffer {
  return Buffer.from(`\uFEFF${headers(lang).join(',')}\r\n`, 'utf8');
}

export const orgTemplateRules = (lang: Lang) => RULES[lang];
