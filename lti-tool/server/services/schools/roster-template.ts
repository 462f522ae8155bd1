import ExcelJS from 'exceljs';
import { TEACHER_ROSTER_COLUMNS, TEACHER_ROSTER_LIMITS as LIMITS } from '../../../../shared/api/school-roster';

type Lang = 'zh' | 'en';

const RULES: Record<Lang, string[]> = {
  zh: [
    '每行一位教师。“姓名”必填；“邮箱”和“工号”至少填一项，用于识别教师（先按本校工号，再按邮箱）。',
    '邮箱请填写教师在学习平台（LMS）中使用的邮箱，工号请与 LMS 中教师的“编号”（Moodle 的 ID number）一致：教师首次从本校课程进入本工具时，先按邮箱、再按本校工号对应到这条记录。',
    '“学科”“教研组”可不填；不填时保留已有记录。教研组按名称对应本校教研组，本校没有的会新建。',
    `姓名最多 ${LIMITS.nameMaxChars} 字，学科最多 ${LIMITS.subjectMaxChars} 字，工号为 1–30 位字母、数字、- 或 _。`,
    `文件最大 1 MB、最多 ${LIMITS.maxRows.toLocaleString('en')} 行数据。`,
    '先“预览”查看逐行报告，再“导入”：有问题的行不导入并写明原因，其余各行照常导入。再次导入同一文件不会重复创建，也不会改动没有变化的内容。',
  ],
  en: [
    'One teacher per row. "Name" is required; give "E-mail" or "Staff number" (at least one) to identify the teacher (staff number within the school first, then e-mail).',
    "Use the e-mail the teacher has on the learning platform (LMS), and a staff number equal to their ID number there (Moodle's idnumber): their first launch from the school's course finds this record by the e-mail, else by the staff number within the school.",
    '"Subject" and "Group" may be left empty: what is recorded stays. Groups are matched by name; a group the school does not have is created.',
    `Names have at most ${LIMITS.nameMaxChars} characters, subjects ${LIMITS.subjectMaxChars}; a staff number is 1–30 letters, digits, - or _.`,
    `At most 1 MB and ${LIMITS.maxRows.toLocaleString('en')} data rows per file.`,
    'Preview first and read the row-by-row report, then import: a row with a problem is left out with its reason, the others are imported. Importing the same file again creates nothing twice and changes nothing unchanged.',
  ],
};

const EXAMPLE = ['王芳', 'wangfang@example.cn', 'T0012', '语文', '语文组'];

export const rosterHeaders = (lang: Lang) => TEACHER_ROSTER_COLUMNS.map((c) => c[lang]);

/** The XLSX template: an empty data sheet (staff numbers as text) and an instructions sheet with an example. */
export async function rosterTemplateXlsx(lang: Lang): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const data = book.addWorksheet(lang === 'zh' ? '教师名单' : 'Teachers', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = TEACHER_ROSTER_COLUMNS.map((c) => ({
    header: c[lang],
    width: c.key === 'email' ? 28 : 14,
    // Staff numbers as text, so Excel keeps leading zeros.
    style: c.key === 'staffNumber' ? { numFmt: '@' } : {},
  }));
  data.getRow(1).font = { bold: true };
  const help = book.addWorksheet(lang === 'zh' ? '填写说明' : 'Instructions');
  help.getColumn(1).width = 110;
  for (const line of RULES[lang]) help.addRow([line]);
  help.addRow([]);
  help.addRow([lang === 'zh' ? '示例（复制到“教师名单”表中使用）：' : 'Example (copy it to the Teachers sheet):']);
  help.addRow(rosterHeaders(lang));
  help.addRow(EXAMPLE);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The CSV template: UTF-8 with a BOM (Excel opens the Chinese headers right) and the header row only. */
export function rosterTemplateCsv(lang: Lang): Buffer {
  return Buffer.from(`\uFEFF${rosterHeaders(lang).join(',')}\r\n`, 'utf8');
}
