import { and, eq, ne } from 'drizzle-orm';
import { expect } from 'vitest';
import { evaluateTeacher, type TeacherStatus } from '../../shared/domain';
import type { Db } from '../../lti-tool/server/db/client';
import { enrolments, organisations, people, programmeInstances } from '../../lti-tool/server/db/schema';
import { programmeOf } from '../../lti-tool/server/services/teacher-journey/course-link';
import {
  teacherStatus as evaluate,
  loadTeacherRecordsMany,
  schoolContextOf,
} from '../../lti-tool/server/services/teacher-journey/records';

// The engine's side of county-totals.test.ts: every teacher's status computed afresh, and the totals the files must
// show, per school and for the county.

export type Engine = {
  enrolmentId: string;
  schoolId: string;
  school: string;
  name: string;
  email: string | null;
  status: TeacherStatus;
};

export const round2 = (n: number) => Math.round(n * 100) / 100;
export const STATE_ZH: Record<TeacherStatus['state'], string> = {
  not_started: '未开始',
  in_progress: '进行中',
  awaiting_review: '待审核',
  ready_to_certify: '已完成',
  certified: '已认定',
};

/**
 * The engine's status of every active enrolment of the county, as the status refresh computes it: the records
 * loader of the teacher journey (a chunk at a time), then `evaluateTeacher`. `sample` also checks it against the
 * teacher's own one-at-a-time path for every 80th teacher and one of each state.
 */
export async function engineStatuses(db: Db, programmeInstanceId: string): Promise<Engine[]> {
  const rows = await db
    .select({
      enrolment: enrolments,
      instance: programmeInstances,
      school: organisations,
      name: people.displayName,
      email: people.email,
    })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(and(eq(enrolments.programmeInstanceId, programmeInstanceId), ne(enrolments.status, 'withdrawn')));
  const records = await loadTeacherRecordsMany(
    db,
    rows.map((r) => r.enrolment),
  );
  const today = new Date().toISOString().slice(0, 10);
  return rows.map((r) => {
    const { programme, catalogue } = programmeOf(r.instance);
    const status = evaluateTeacher(programme, catalogue, schoolContextOf(r.school), records.get(r.enrolment.id)!, {
      asOf: today,
    });
    return {
      enrolmentId: r.enrolment.id,
      schoolId: r.school.id,
      school: r.school.name,
      name: r.name,
      email: r.email,
      status,
    };
  });
}

/** Every 80th teacher and one of each state, evaluated one at a time as the teacher's own screens do. */
export async function sameOneAtATime(db: Db, programmeInstanceId: string, engine: Engine[]) {
  const sample = engine.filter((_, i) => i % 80 === 0);
  for (const state of new Set(engine.map((e) => e.status.state)))
    sample.push(engine.find((e) => e.status.state === state)!);
  const [instance] = await db.select().from(programmeInstances).where(eq(programmeInstances.id, programmeInstanceId));
  for (const e of sample) {
    const [enrolment] = await db.select().from(enrolments).where(eq(enrolments.id, e.enrolmentId));
    const [school] = await db.select().from(organisations).where(eq(organisations.id, e.schoolId));
    expect(await evaluate(db, enrolment!, instance!, school!)).toEqual(e.status);
  }
  return sample.length;
}

/** Per school and for the county: teachers, completed, and hours (online, practice, total). */
export function totals(
  rows: Array<{ school: string; state: string; online: number; practice: number; total: number }>,
) {
  const by = new Map<
    string,
    { teachers: number; completed: number; online: number; practice: number; total: number }
  >();
  for (const key of ['合计', ...new Set(rows.map((r) => r.school))]) {
    const mine = key === '合计' ? rows : rows.filter((r) => r.school === key);
    by.set(key, {
      teachers: mine.length,
      completed: mine.filter((r) => r.state === '已完成' || r.state === '已认定').length,
      online: round2(mine.reduce((n, r) => n + r.online, 0)),
      practice: round2(mine.reduce((n, r) => n + r.practice, 0)),
      total: round2(mine.reduce((n, r) => n + r.total, 0)),
    });
  }
  return by;
}

export const engineRows = (engine: Engine[]) =>
  engine.map((e) => ({
    school: e.school,
    state: STATE_ZH[e.status.state],
    online: e.status.hours.counted.online.hours,
    practice: e.status.hours.counted.practice.hours,
    total: e.status.hours.counted.total.hours,
  }));
