import { and, eq, isNull } from 'drizzle-orm';
import {
  evaluateTeacher,
  teacherRecordsSchema,
  type EvidenceItem,
  type EvidenceSubmission,
  type SchoolContext,
} from '../../../../shared/domain';
import type { Db } from '../../db/client';
import { abilitySelections, submissions } from '../../db/schema';
import { loadHourEntries } from '../completions/ledger';
import { programmeOf, type Organisation, type ProgrammeInstance } from './course-link';
import type { Enrolment } from './enrolment';
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

/** One stored item as the engine checks it: file metadata, characters of a text, the school's grade. */
export function engineItem(item: EvidenceItemRow, schoolGrade?: ItemGrade): EvidenceItem {
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
  return teacherRecordsSchema.parse({
    teacherId: enrolment.personId,
    selections: selections.map((s) => ({ abilityCode: s.abilityCode })),
    hours: await loadHourEntries(db, enrolment.id),
    evidence,
  });
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
