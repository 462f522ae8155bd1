import type { OrganisationKind } from '../../../../../shared/domain/ids';
import type { Lang } from '../context';

/** The organisation screen's words, Chinese first (beside the screen, so other catalogues stay untouched). */
const zh = {
  heading: '组织机构',
  intro:
    '按“省 → 市 → 区县 → 学校 → 教研组”导入本机构的组织机构树（含行政区划代码和学校代码）。先预览，逐行无误后再导入；按代码识别，重复导入不会重复创建。',
  kinds: { province: '省', city: '市', county: '区县', school: '学校', group: '教研组' } as Record<
    OrganisationKind,
    string
  >,
  template: '下载模板',
  templateXlsx: 'Excel 模板（XLSX）',
  templateCsv: 'CSV 模板',
  file: '组织机构文件（CSV 或 XLSX，最大 5 MB、20,000 行）',
  tooLarge: (mb: string) => `文件为 ${mb} MB，超过 5 MB 上限：请按市拆分后分批导入。`,
  preview: '预览',
  import: '确认导入',
  chooseFirst: '请先选择文件。',
  previewFirst: '请先预览，确认逐行报告无误后再导入。',
  fixFirst: '有问题的行需先修改文件并重新预览。',
  nothingNew: '预览显示没有需要新建或更新的内容。',
  confirm: (create: number, update: number) =>
    `将新建 ${create} 个、更新 ${update} 个组织机构（记入审计日志）。确定导入吗？`,
  previewDone: '预览（未写入）',
  imported: '已导入',
  notImported: '有问题的行，未导入任何内容',
  summary: (s: { create: number; update: number; unchanged: number; rowsWithIssues: number }, rows: number) =>
    `共 ${rows} 行：新建 ${s.create}，更新 ${s.update}，不变 ${s.unchanged}，有问题的行 ${s.rowsWithIssues}`,
  row: (n: number) => `第 ${n} 行`,
  actions: { create: '新建', update: '更新', unchanged: '不变' },
  onlyIssues: '只看有问题的行',
  moreRows: (n: number) => `另有 ${n} 行未显示。`,
  tree: '现有组织机构',
  empty: '尚未导入组织机构。请下载模板，填写后预览并导入。',
  truncated: (n: number) => `只显示前 ${n} 个。`,
  noCode: '无代码',
};

export type OrganisationStrings = typeof zh;

const en: OrganisationStrings = {
  heading: 'Organisations',
  intro:
    'Import your organisation tree — province → city → county → school → group — with division and school codes. Preview first; import when every row is right. Matched by code, so importing again creates nothing twice.',
  kinds: { province: 'Province', city: 'City', county: 'County', school: 'School', group: 'Group' },
  template: 'Download a template',
  templateXlsx: 'Excel template (XLSX)',
  templateCsv: 'CSV template',
  file: 'Organisation file (CSV or XLSX, at most 5 MB and 20,000 rows)',
  tooLarge: (mb: string) => `The file is ${mb} MB, over the 5 MB limit: split it by city and import the parts.`,
  preview: 'Preview',
  import: 'Import',
  chooseFirst: 'Choose a file first.',
  previewFirst: 'Preview first, and import once the row-by-row report is right.',
  fixFirst: 'Fix the rows with issues in the file and preview again.',
  nothingNew: 'The preview shows nothing to create or update.',
  confirm: (create: number, update: number) => `Create ${create} and update ${update} organisations (audited)?`,
  previewDone: 'Preview (nothing written)',
  imported: 'Imported',
  notImported: 'Rows have issues: nothing was imported',
  summary: (s, rows) =>
    `${rows} rows: ${s.create} to create, ${s.update} to update, ${s.unchanged} unchanged, ${s.rowsWithIssues} rows with issues`,
  row: (n: number) => `Row ${n}`,
  actions: { create: 'create', update: 'update', unchanged: 'unchanged' },
  onlyIssues: 'Only rows with issues',
  moreRows: (n: number) => `${n} more rows not shown.`,
  tree: 'Current organisations',
  empty: 'No organisations yet. Download the template, fill it in, preview and import.',
  truncated: (n: number) => `Only the first ${n} are shown.`,
  noCode: 'no code',
};

export const organisationStrings = (lang: Lang): OrganisationStrings => (lang === 'en' ? en : zh);
