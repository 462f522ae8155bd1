import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  evaluateTeacher,
  teacherRecordsSchema,
  type EvidenceItem,
  type EvidenceSubmission,
  type HourEntry,
  type SchoolContext,
} from '../../../../shared/domain';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import { abilityGrades, abilitySelections, submissions } from '../../db/schema';
import { loadHourEntries, loadHourEntriesMany } from '../completions/ledger';
import { programmeOf, type Organisation, type ProgrammeInstance } from './course-link';
import type { Enrolment } from './enrolment';
import type { TeacherRecords } from '../../../../shared/domain';
import {
  abilityGradesOf,
  eventsOf,
  itemsOf,
  lastReturnReasons,
  latestItemGrades,
  type EvidenceItemRow,
  type ItemGrade,
  type SubmissionRow,
} from './submission-data';

export function schoolContextOf(school: Organisation): SchoolContext {
  return {
    id: school.id,
    name: school.name,
    environment: school.teachingEnvironment ?? 'multimedia',
    ...(school.abilityShortlist ? { shortlist: school.abilityShortlist } : {}),
  };
}

export async function activeSelections(db: Db, enrolmentId: string) {
  return db
    .select()
    .from(abilitySelections)
    .where(and(eq(abilitySelections.enrolmentId, enrolmentId), isNull(abilitySelections.withdrawnAt)))
    .orderBy(abilitySelections.selectedAt);
}

/** Our states → the engine's: every graded state is `graded`, the county's word comes as an override. */
const engineState = (state: SubmissionRow['state']): EvidenceSubmission['state'] =>
  state === 'draft' || state === 'submitted' || state === 'returned' ? state : 'graded';

/** What the engine reads of a stored item (the demo seed passes the rows it is about to load). */
export type EngineItemSource = Pick<
  EvidenceItemRow,
  'slotId' | 'fileOriginalName' | 'storageKey' | 'fileSizeBytes' | 'videoDurationSeconds' | 'text' | 'url'
>;

/** One stored item as the engine checks it: file metadata, characters of a text, the school's grade. */
export function engineItem(item: EngineItemSource, schoolGrade?: ItemGrade): EvidenceItem {
  const extension = item.fileOriginalName?.split('.').pop()?.toLowerCase();
  return {
    slotId: item.slotId,
    provided: true,
    ...(schoolGrade ? { grade: schoolGrade.grade } : {}),
    ...(item.storageKey
      ? {
          file: {
            extension: extension ?? '',
            sizeMb: (item.fileSizeBytes ?? 0) / (1024 * 1024),
            ...(item.videoDurationSeconds !== null ? { videoMinutes: item.videoDurationSeconds / 60 } : {}),
          },
        }
      : {}),
    ...(item.text !== null ? { characters: [...item.text.trim()].length } : {}),
    ...(item.url !== null ? { url: item.url } : {}),
  };
}

/** Everything the engine needs about one enrolment, read from the database. */
export async function loadTeacherRecords(db: Db, enrolment: Enrolment) {
  const selections = await activeSelections(db, enrolment.id);
  const subs = await db.select().from(submissions).where(eq(submissions.enrolmentId, enrolment.id));
  const items = await itemsOf(
    db,
    subs.map((s) => s.id),
  );
  const grades = await latestItemGrades(
    db,
    items.map((i) => i.id),
  );
  const events = await eventsOf(
    db,
    subs.map((s) => s.id),
  );
  const county = (await abilityGradesOf(db, enrolment.id)).filter((g) => g.level === 'county');
  const hours = await loadHourEntries(db, enrolment.id);
  return assembleRecords(enrolment, { selections, subs, items, grades, events, county, hours });
}

interface RecordRows {
  selections: Awaited<ReturnType<typeof activeSelections>>;
  subs: SubmissionRow[];
  items: EvidenceItemRow[];
  grades: Awaited<ReturnType<typeof latestItemGrades>>;
  events: Awaited<ReturnType<typeof eventsOf>>;
  county: Awaited<ReturnType<typeof abilityGradesOf>>;
  hours: HourEntry[];
}

/** What records are assembled for: the enrolment and its teacher. */
type EnrolmentKey = Pick<Enrolment, 'id' | 'personId'>;

function assembleRecords(enrolment: EnrolmentKey, rows: RecordRows) {
  const { selections, subs, items, grades, events, county } = rows;
  const evidence = subs.map((s) => {
    const reasons = lastReturnReasons(events, s.id);
    const override = s.state === 'county_overridden' ? county.find((g) => g.abilityCode === s.abilityCode) : undefined;
    return {
      abilityCode: s.abilityCode,
      state: engineState(s.state),
      items: items.filter((i) => i.submissionId === s.id).map((i) => engineItem(i, grades.get(i.id)?.school)),
      ...(override ? { countyOverride: { grade: override.grade } } : {}),
      ...(reasons ? { returnReason: Object.values(reasons).join('；') } : {}),
    };
  });
  const records = {
    teacherId: enrolment.personId,
    selections: selections.map((s) => ({ abilityCode: s.abilityCode })),
    hours: rows.hours,
    evidence,
  };
  // Without evidence the schema transforms nothing, and what it checks the tables' checks already hold (ability
  // codes, school years; hours are netted above zero, each entry at most 100): a bulk refresh of thousands of
  // teachers skips parsing them (a third of its time). Evidence, which the schema normalises, is parsed.
  if (evidence.length === 0 && rows.hours.every((h) => h.hours <= 1000)) return records satisfies TeacherRecords;
  return teacherRecordsSchema.parse(records);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(row);
  }
  return out;
}

/** Hour entries a caller knows without reading the ledger (a file import knows what it wrote: held-credits.ts). */
export interface KnownHours {
  knows(enrolmentId: string): boolean;
  hoursOf(enrolmentId: string): HourEntry[] | undefined;
}

/**
 * `loadTeacherRecords` for many enrolments (a bulk import touches thousands): one query per table and 5,000
 * enrolments instead of seven per enrolment; each enrolment's rows keep the single loader's order, and the records
 * are assembled by the same code. `knownHours` gives an enrolment's hour entries without reading its ledger (a file
 * import knows what it wrote: held-credits.ts); the others' are read.
 */
export async function loadTeacherRecordsMany(db: Db, list: readonly EnrolmentKey[], knownHours?: KnownHours) {
  const recordsOf = await readTeacherRecordsMany(db, list, knownHours);
  return new Map(list.map((enrolment) => [enrolment.id, recordsOf(enrolment)] as const));
}

/**
 * `loadTeacherRecordsMany` in two steps: the rows are read now, each enrolment's records assembled when asked for,
 * with the hours `knownHours` gives then (a file import reads before it writes its last batch, whose credits it
 * already holds). An enrolment whose hours `knownHours` does not know when read has its ledger read now.
 */
export async function readTeacherRecordsMany(
  db: Db,
  list: readonly EnrolmentKey[],
  knownHours?: KnownHours,
): Promise<(enrolment: EnrolmentKey) => TeacherRecords> {
  const parts = new Map<string, (enrolment: EnrolmentKey) => TeacherRecords>();
  for (let i = 0; i < list.length; i += 5000) {
    const part = list.slice(i, i + 5000);
    const ids = part.map((e) => e.id);
    const selections = await db
      .select()
      .from(abilitySelections)
      .where(
        and(
          sql`${abilitySelections.enrolmentId} = any(${arrayParam(ids)}::uuid[])`,
          isNull(abilitySelections.withdrawnAt),
        ),
      )
      .orderBy(abilitySelections.selectedAt);
    const subs = await db
      .select()
      .from(submissions)
      .where(sql`${submissions.enrolmentId} = any(${arrayParam(ids)}::uuid[])`);
    const items = await itemsOf(
      db,
      subs.map((s) => s.id),
    );
    const grades = await latestItemGrades(
      db,
      items.map((it) => it.id),
    );
    const events = await eventsOf(
      db,
      subs.map((s) => s.id),
    );
    const county = await db
      .select()
      .from(abilityGrades)
      .where(
        and(sql`${abilityGrades.enrolmentId} = any(${arrayParam(ids)}::uuid[])`, eq(abilityGrades.level, 'county')),
      );
    const unknown = knownHours ? ids.filter((id) => !knownHours.knows(id)) : ids;
    const read = unknown.length ? await loadHourEntriesMany(db, unknown) : new Map<string, HourEntry[]>();
    const selectionsOf = groupBy(selections, (r) => r.enrolmentId);
    const subsOf = groupBy(subs, (r) => r.enrolmentId);
    const countyOf = groupBy(county, (r) => r.enrolmentId);
    const submissionEnrolment = new Map(subs.map((s) => [s.id, s.enrolmentId]));
    const itemsOfEnrolment = groupBy(items, (r) => submissionEnrolment.get(r.submissionId)!);
    const eventsOfEnrolment = groupBy(events, (r) => submissionEnrolment.get(r.submissionId)!);
    const assemble = (enrolment: EnrolmentKey) =>
      assembleRecords(enrolment, {
        selections: selectionsOf.get(enrolment.id) ?? [],
        subs: subsOf.get(enrolment.id) ?? [],
        items: itemsOfEnrolment.get(enrolment.id) ?? [],
        grades,
        events: eventsOfEnrolment.get(enrolment.id) ?? [],
        county: countyOf.get(enrolment.id) ?? [],
        hours: read.get(enrolment.id) ?? knownHours?.hoursOf(enrolment.id) ?? [],
      });
    for (const id of ids) parts.set(id, assemble);
  }
  return (enrolment) => {
    const assemble = parts.get(enrolment.id);
    if (!assemble) throw new Error(`records of enrolment ${enrolment.id} were not read`);
    return assemble(enrolment);
  };
}

/** The engine's explained status of an enrolment, today. */
export async function teacherStatus(
  db: Db,
  enrolment: Enrolment,
  instance: ProgrammeInstance,
  school: Organisation,
  now = new Date(),
) {
  const { programme, catalogue } = programmeOf(instance);
  const records = await loadTeacherRecords(db, enrolment);
  const asOf = now.toISOString().slice(0, 10);
  return evaluateTeacher(programme, catalogue, schoolContextOf(school), records, { asOf });
}
