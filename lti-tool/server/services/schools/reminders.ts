import type { TeacherRow } from '../../../../shared/api/schools';
import { isBehind } from './dashboard';

type Lang = 'zh-CN' | 'en';

export const STATE_LABELS: Record<TeacherRow['state'], { zh: string; en: string }> = {
  not_started: { zh: '未开始', en: 'Not started' },
  in_progress: { zh: '进行中', en: 'In progress' },
  awaiting_review: { zh: '待审核', en: 'Awaiting review' },
  ready_to_certify: { zh: '待认定', en: 'Ready to certify' },
  certified: { zh: '已认定', en: 'Certified' },
};

const HEADERS = {
  'zh-CN': ['姓名', '教研组', '学科', '状态', '待办事项'],
  en: ['Name', 'Group', 'Subject', 'State', 'To do'],
};

/** RFC 4180 quoting; a leading =,+,-,@ is neutralised so a spreadsheet never runs a cell as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The teachers behind, one line each with the engine's next actions, as the list the team sends round. */
export function reminderLines(teachers: TeacherRow[], lang: Lang): string[][] {
  const k = lang === 'en' ? 'en' : 'zh';
  return teachers
    .filter(isBehind)
    .map((t) => [
      t.name,
      t.groupName ?? '',
      t.subject ?? '',
      STATE_LABELS[t.state][k],
      t.missing.map((m) => m[k]).join(lang === 'en' ? '; ' : '；'),
    ]);
}

/** The reminder list as CSV, UTF-8 with a BOM so Excel in China opens it in the right encoding. */
export function remindersCsv(teachers: TeacherRow[], lang: Lang): string {
  const lines = [HEADERS[lang], ...reminderLines(teachers, lang)];
  return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}
