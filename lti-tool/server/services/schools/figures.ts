import { sql, type SQL } from 'drizzle-orm';
import { TEACHER_STATES, type Figures } from '../../../../shared/api/schools';
import { teacherStatus as ts } from '../../db/schema';

/**
 * The aggregate columns of a set of teacher_status rows. Every figure is a count or sum of what the engine stored:
 * "passed" is a teacher-level grade (合格 or 优秀) the engine gave, never recomputed here.
 */
export const figureColumns = {
  teachers: sql<number>`count(*)::int`,
  onlineMinutes: sql<number>`coalesce(sum(${ts.onlineMinutes}), 0)::int`,
  practiceMinutes: sql<number>`coalesce(sum(${ts.practiceMinutes}), 0)::int`,
  abilitiesChosen: sql<number>`coalesce(sum(${ts.abilitiesChosen}), 0)::int`,
  abilitiesSubmitted: sql<number>`coalesce(sum(${ts.abilitiesSubmitted}), 0)::int`,
  abilitiesGraded: sql<number>`coalesce(sum(${ts.abilitiesGraded}), 0)::int`,
  passed: sql<number>`(count(*) filter (where ${ts.grade} is not null))::int`,
  excellent: sql<number>`(count(*) filter (where ${ts.grade} = 'excellent'))::int`,
  lastActivityAt: sql<Date | string | null>`max(${ts.lastActivityAt})`,
  ...Object.fromEntries(
    TEACHER_STATES.map((s) => [`state_${s}`, sql<number>`(count(*) filter (where ${ts.state} = ${s}))::int`]),
  ),
} as Record<string, SQL<unknown>>;

type Raw = Record<string, unknown>;

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date).toISOString());

/** A row of figureColumns as the API's figures (hours to one decimal, rates in percent to one decimal). */
export function toFigures(raw: Raw): Figures {
  const n = (k: string) => Number(raw[k] ?? 0);
  const teachers = n('teachers');
  return {
    teachers,
    states: Object.fromEntries(TEACHER_STATES.map((s) => [s, n(`state_${s}`)])) as Figures['states'],
    onlineHours: hours(n('onlineMinutes')),
    practiceHours: hours(n('practiceMinutes')),
    abilitiesChosen: n('abilitiesChosen'),
    abilitiesSubmitted: n('abilitiesSubmitted'),
    abilitiesGraded: n('abilitiesGraded'),
    passed: n('passed'),
    excellent: n('excellent'),
    passRate: rate(n('passed'), teachers),
    excellentRate: rate(n('excellent'), teachers),
    lastActivityAt: iso(raw.lastActivityAt),
  };
}

export const emptyFigures = (): Figures => toFigures({});
export { hours as minutesToHours };
