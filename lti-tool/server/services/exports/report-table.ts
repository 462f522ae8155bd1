import { chinaDateTime } from './china-time';
import type { TeacherReportRow } from './report-data';
import { ABILITY_STATUS_TEXT, ENVIRONMENT_TEXT, REPORT_TEXT, STATE_TEXT, type ReportLanguage } from './report-labels';

/** Cell values in the order of the headers; numbers stay numbers so the spreadsheet can sum them. */
/** A link (a file inside an e-archive) shows its text and opens its relative path. */
export type Cell = string | number | null | { text: string; hyperlink: string };

export interface ReportTable {
  headers: string[];
  /** Column kinds for widths and number formats. */
  kinds: Array<'text' | 'wide' | 'hours' | 'date' | 'count' | 'percent'>;
  rows: Cell[][];
}

export const isCompleted = (r: TeacherReportRow) => r.state === 'ready_to_certify' || r.state === 'certified';

/** Two decimals, without the float noise of summing 0.1s. */
const sumHours = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;

/** Per teacher, school by school: ability code and status side by side (as many pairs as the busiest teacher). */
export function teacherTable(rows: TeacherReportRow[], lang: ReportLanguage): ReportTable {
  const t = REPORT_TEXT[lang];
  const pairs = Math.max(3, ...rows.map((r) => r.abilities.length));
  const headers: string[] = [t.school, t.teacher, t.subject, t.environment, t.abilityCodes];
  const kinds: ReportTable['kinds'] = ['wide', 'text', 'text', 'text', 'text'];
  for (let i = 1; i <= pairs; i++) {
    headers.push(t.ability(i), t.abilityStatus(i));
    kinds.push('text', 'text');
  }
  headers.push(t.online, t.practice, t.total, t.state, t.completedOn, t.completedInPeriod, t.reviewer);
  kinds.push('hours', 'hours', 'hours', 'text', 'date', 'text', 'text');
  const body = rows.map((r) => {
    const cells: Cell[] = [
      r.school,
      r.teacher,
      r.subject,
      ENVIRONMENT_TEXT[lang][r.environment] ?? r.environment,
      r.abilities.map((a) => a.code).join(lang === 'zh' ? '、' : ', '),
    ];
    for (let i = 0; i < pairs; i++) {
      const a = r.abilities[i];
      cells.push(a?.code ?? null, a ? ABILITY_STATUS_TEXT[lang][a.status] : null);
    }
    cells.push(
      r.onlineHours,
      r.practiceHours,
      r.totalHours,
      STATE_TEXT[lang][r.state],
      r.completedOn,
      r.completedInPeriod ? t.yes : t.no,
      r.reviewer,
    );
    return cells;
  });
  return { headers, kinds, rows: body };
}

/** One line per school, then the county's totals. */
export function summaryTable(rows: TeacherReportRow[], lang: ReportLanguage): ReportTable {
  const t = REPORT_TEXT[lang];
  const bySchool = new Map<string, TeacherReportRow[]>();
  for (const r of rows) bySchool.set(r.school, [...(bySchool.get(r.school) ?? []), r]);
  const line = (name: string, group: TeacherReportRow[]): Cell[] => {
    const completed = group.filter(isCompleted).length;
    return [
      name,
      group.length,
      completed,
      group.filter((r) => r.completedInPeriod).length,
      group.filter((r) => r.excellent).length,
      group.length ? Math.round((completed / group.length) * 10_000) / 10_000 : 0,
      sumHours(group.map((r) => r.onlineHours)),
      sumHours(group.map((r) => r.practiceHours)),
      sumHours(group.map((r) => r.totalHours)),
    ];
  };
  return {
    headers: [
      t.school,
      t.teachers,
      t.completed,
      t.completedInPeriodCount,
      t.excellentCount,
      t.completionRate,
      t.online,
      t.practice,
      t.total,
    ],
    kinds: ['wide', 'count', 'count', 'count', 'count', 'percent', 'hours', 'hours', 'hours'],
    rows: [...[...bySchool].map(([name, group]) => line(name, group)), line(t.countyTotal, rows)],
  };
}

/** The report's own facts: whose, which period, data as of when, made by whom. */
export function infoTable(
  lang: ReportLanguage,
  facts: { organisation: string; period: { label: string; from: string; to: string }; asOf: Date; by: string | null },
): ReportTable {
  const t = REPORT_TEXT[lang];
  return {
    headers: [t.item, t.value],
    kinds: ['text', 'wide'],
    rows: [
      [t.organisation, facts.organisation],
      [t.period, facts.period.label],
      [t.periodFrom, facts.period.from],
      [t.periodTo, facts.period.to],
      [t.asOf, chinaDateTime(facts.asOf) + t.chinaTime],
      [t.generatedBy, facts.by === null ? t.bySchedule : t.byPerson(facts.by)],
    ],
  };
}
