import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type ActivityBody,
  type ActivityPatchBody,
  type SchoolActivitiesReply,
} from '../../../../shared/api/school-activities';
import type { Programme } from '../../../../shared/domain';
import type { Db, DbTransaction } from '../../db/client';
import {
  enrolments,
  hoursLedgerEntries,
  organisations,
  programmeInstances,
  schoolActivities,
  schoolActivityAttendance,
} from '../../db/schema';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { schoolYearOf } from '../completions/time';
import { DomainError } from '../errors';
import { programmeOf } from '../teacher-journey/course-link';
import { refreshTeacherStatus } from '../teacher-status/refresh';
import type { SchoolKey } from './artefacts';
import { schoolInScope, type OversightScope } from './scope';

import { hundredths, listSchoolActivities, present, type Activity } from './activity-records';

const keyOf = (scope: OversightScope, schoolId: string): SchoolKey => ({
  tenantId: scope.tenantId,
  programmeInstanceId: scope.programmeInstanceId,
  schoolId,
});

export function requireTeam(scope: OversightScope, schoolId: string) {
  schoolInScope(scope, schoolId);
  if (!scope.teamSchoolIds.has(schoolId)) throw new DomainError('school_team_required');
}

async function programmeOfScope(db: Db | DbTransaction, scope: OversightScope): Promise<Programme> {
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(and(eq(programmeInstances.tenantId, scope.tenantId), eq(programmeInstances.id, scope.programmeInstanceId)));
  if (!instance) throw new DomainError('course_not_linked');
  return programmeOf(instance).programme;
}

const groupsOf = (db: Db, tenantId: string, schoolId: string) =>
  db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(eq(organisations.tenantId, tenantId), eq(organisations.parentId, schoolId), eq(organisations.kind, 'group')),
    )
    .orderBy(asc(organisations.name));

/** The school's activities for the screen, with the programme's crediting rule. */
export async function schoolActivitiesOf(
  db: Db,
  scope: OversightScope,
  schoolId: string,
): Promise<SchoolActivitiesReply> {
  schoolInScope(scope, schoolId);
  const programme = await programmeOfScope(db, scope);
  return {
    can: { edit: scope.teamSchoolIds.has(schoolId) },
    credit: {
      fromActivities: programme.practiceCredit?.fromActivities.value ?? false,
      activityMax: programme.practiceCredit?.activityMax.value ?? null,
    },
    groups: await groupsOf(db, scope.tenantId, schoolId),
    items: (await listSchoolActivities(db, keyOf(scope, schoolId))).map(present),
  };
}

export async function getActivity(db: Db, scope: OversightScope, schoolId: string, activityId: string) {
  schoolInScope(scope, schoolId);
  const found = (await listSchoolActivities(db, keyOf(scope, schoolId))).find((a) => a.id === activityId);
  if (!found) throw new DomainError('not_found');
  return present(found);
}

async function assertGroup(db: Db, scope: OversightScope, schoolId: string, groupId: string | null | undefined) {
  if (!groupId) return;
  const groups = await groupsOf(db, scope.tenantId, schoolId);
  if (!groups.some((g) => g.id === groupId)) {
    throw new DomainError('validation_failed', {
      field: 'groupId',
      reason: "not one of this school's 教研组",
      issues: [
        {
          path: 'groupId',
          message: { zh: '教研组须是本校的教研组，请从列表中选择。', en: "Choose one of this school's 教研组." },
        },
      ],
    });
  }
}

export async function lockActivity(tx: DbTransaction, scope: OversightScope, schoolId: string, activityId: string) {
  const [row] = await tx
    .select()
    .from(schoolActivities)
    .where(
      and(
        eq(schoolActivities.tenantId, scope.tenantId),
        eq(schoolActivities.programmeInstanceId, scope.programmeInstanceId),
        eq(schoolActivities.schoolId, schoolId),
        eq(schoolActivities.id, activityId),
      ),
    )
    .for('update');
  if (!row) throw new DomainError('not_found');
  return row;
}

const snapshot = (a: Activity) => ({
  heldOn: a.heldOn,
  topic: a.topic,
  organiser: a.organiser,
  groupId: a.groupId,
  practiceHours: Number(a.practiceHours),
});

/** Records an activity; the same topic on the same day again (a retried create) finds the first. */
export async function createActivity(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  body: ActivityBody,
) {
  requireTeam(scope, schoolId);
  await assertGroup(db, scope, schoolId, body.groupId);
  const { id, changed } = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(schoolActivities)
      .values({
        tenantId: scope.tenantId,
        programmeInstanceId: scope.programmeInstanceId,
        schoolId,
        heldOn: body.heldOn,
        topic: body.topic,
        organiser: body.organiser,
        groupId: body.groupId ?? null,
        practiceHours: body.practiceHours.toFixed(2),
        createdBy: actor.personId,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [found] = await tx
        .select({ id: schoolActivities.id })
        .from(schoolActivities)
        .where(
          and(
            eq(schoolActivities.tenantId, scope.tenantId),
            eq(schoolActivities.programmeInstanceId, scope.programmeInstanceId),
            eq(schoolActivities.schoolId, schoolId),
            eq(schoolActivities.heldOn, body.heldOn),
            eq(schoolActivities.topic, body.topic),
          ),
        );
      return { id: found!.id, changed: false };
    }
    await audit(tx, actor, created, 'school_activity.create', snapshot(created));
    return { id: created.id, changed: true };
  });
  return { ...(await getActivity(db, scope, schoolId, id)), changed };
}

/** Edits an activity; a change of its hours re-settles every attendee's credit in the same transaction. */
export async function updateActivity(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  activityId: string,
  patch: ActivityPatchBody,
) {
  requireTeam(scope, schoolId);
  await assertGroup(db, scope, schoolId, patch.groupId);
  const programme = await programmeOfScope(db, scope);
  const changed = await db.transaction(async (tx) => {
    const before = await lockActivity(tx, scope, schoolId, activityId);
    const set: Partial<typeof schoolActivities.$inferInsert> = {};
    if (patch.heldOn !== undefined && patch.heldOn !== before.heldOn) set.heldOn = patch.heldOn;
    if (patch.topic !== undefined && patch.topic !== before.topic) set.topic = patch.topic;
    if (patch.organiser !== undefined && patch.organiser !== before.organiser) set.organiser = patch.organiser;
    if (patch.groupId !== undefined && patch.groupId !== before.groupId) set.groupId = patch.groupId;
    if (patch.practiceHours !== undefined && hundredths(patch.practiceHours) !== hundredths(before.practiceHours)) {
      set.practiceHours = patch.practiceHours.toFixed(2);
    }
    if (Object.keys(set).length === 0) return false;
    const [after] = (await tx
      .update(schoolActivities)
      .set(set)
      .where(eq(schoolActivities.id, activityId))
      .returning()) as [Activity];
    await audit(tx, actor, after, 'school_activity.update', snapshot(after), snapshot(before));
    if (set.practiceHours !== undefined) {
      for (const enrolmentId of await liveAttendees(tx, activityId)) {
        const hours = await settleActivityCredit(tx, {
          activity: after,
          enrolmentId,
          attending: true,
          programme,
          actor,
        });
        if (hours !== 0) await refreshTeacherStatus(tx, enrolmentId);
      }
    }
    return true;
  });
  return { ...(await getActivity(db, scope, schoolId, activityId)), changed };
}

const liveAttendees = async (tx: DbTransaction, activityId: string) =>
  (
    await tx
      .select({ enrolmentId: schoolActivityAttendance.enrolmentId })
      .from(schoolActivityAttendance)
      .where(and(eq(schoolActivityAttendance.activityId, activityId), isNull(schoolActivityAttendance.removedAt)))
  ).map((r) => r.enrolmentId);

/**
 * Sets who attended: the list is the whole attendance, so sending it again changes nothing. Each teacher added or
 * removed is audited on their record, their activity credit settled and their status row refreshed, all in one
 * transaction.
 */
export async function setAttendance(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  activityId: string,
  enrolmentIds: string[],
) {
  requireTeam(scope, schoolId);
  const wanted = [...new Set(enrolmentIds)];
  if (wanted.length > 0) {
    const known = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(
        and(
          eq(enrolments.tenantId, scope.tenantId),
          eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
          eq(enrolments.schoolId, schoolId),
          inArray(enrolments.id, wanted),
        ),
      );
    const ok = new Set(known.map((k) => k.id));
    const strangers = wanted.filter((id) => !ok.has(id));
    if (strangers.length > 0) {
      throw new DomainError('validation_failed', {
        field: 'enrolmentIds',
        unknown: strangers,
        issues: [
          {
            path: 'enrolmentIds',
            message: {
              zh: `有 ${strangers.length} 位参加者不是本校本项目的参训教师，请从本校教师名单中选择。`,
              en: `${strangers.length} participant(s) are not teachers of this school in this programme: pick them from the school's list.`,
            },
          },
        ],
      });
    }
  }
  const programme = await programmeOfScope(db, scope);
  const changed = await db.transaction(async (tx) => {
    const activity = await lockActivity(tx, scope, schoolId, activityId);
    const live = await liveAttendees(tx, activityId);
    const adds = wanted.filter((id) => !live.includes(id));
    const removes = live.filter((id) => !wanted.includes(id));
    if (adds.length > 0) {
      await tx.insert(schoolActivityAttendance).values(
        adds.map((enrolmentId) => ({
          tenantId: scope.tenantId,
          activityId,
          enrolmentId,
          recordedBy: actor.personId,
        })),
      );
    }
    if (removes.length > 0) {
      await tx
        .update(schoolActivityAttendance)
        .set({ removedAt: new Date(), removedBy: actor.personId })
        .where(
          and(
            eq(schoolActivityAttendance.activityId, activityId),
            inArray(schoolActivityAttendance.enrolmentId, removes),
            isNull(schoolActivityAttendance.removedAt),
          ),
        );
    }
    for (const [enrolmentId, attending] of [
      ...adds.map((id) => [id, true] as const),
      ...removes.map((id) => [id, false] as const),
    ]) {
      const [e] = await tx
        .select({ personId: enrolments.personId })
        .from(enrolments)
        .where(eq(enrolments.id, enrolmentId));
      await recordAudit(tx, {
        tenantId: scope.tenantId,
        subjectPersonId: e?.personId ?? null,
        ...auditActor(actor),
        action: attending ? 'school_activity.attend' : 'school_activity.unattend',
        entityType: 'school_activity',
        entityId: activityId,
        after: { enrolmentId, heldOn: activity.heldOn, topic: activity.topic },
      });
      await settleActivityCredit(tx, { activity, enrolmentId, attending, programme, actor });
      await refreshTeacherStatus(tx, enrolmentId);
    }
    return adds.length + removes.length > 0;
  });
  return { ...(await getActivity(db, scope, schoolId, activityId)), changed };
}

/**
 * Makes the ledger agree with one attendance: an attendee holds the activity's practice hours where the programme
 * credits activities (`practiceCredit.fromActivities`), within `activityMax` over all the teacher's activities; a
 * removed one (or a programme that credits none) holds none. The first credit points at the activity; every later
 * change is a signed correction of it, so the ledger stays append-only. Idempotent: nothing is written when the
 * ledger already agrees. The caller refreshes the teacher's status in the same transaction. Returns hours written.
 */
export async function settleActivityCredit(
  tx: DbTransaction,
  input: { activity: Activity; enrolmentId: string; attending: boolean; programme: Programme; actor: Actor },
): Promise<number> {
  const { activity, enrolmentId, programme } = input;
  // Serialise one teacher's credits so two activities at once cannot both fit under the cap.
  const [enrolment] = await tx
    .select({ personId: enrolments.personId })
    .from(enrolments)
    .where(eq(enrolments.id, enrolmentId))
    .for('update');
  const rows = await tx
    .select()
    .from(hoursLedgerEntries)
    .where(and(eq(hoursLedgerEntries.enrolmentId, enrolmentId), eq(hoursLedgerEntries.sourceKind, 'activity')));
  const mine = rows.filter((r) => r.activityId === activity.id);
  const held = mine.reduce((s, r) => s + hundredths(r.hours), 0);
  const others = rows.filter((r) => r.activityId !== activity.id).reduce((s, r) => s + hundredths(r.hours), 0);
  const credits = programme.practiceCredit?.fromActivities.value ?? false;
  const cap = programme.practiceCredit?.activityMax.value ?? null;
  const room = cap === null ? Infinity : Math.max(hundredths(cap) - others, 0);
  const target = input.attending && credits ? Math.min(hundredths(activity.practiceHours), room) : 0;
  const change = target - held;
  if (change === 0) return 0;
  const credit = mine.find((r) => r.correctsEntryId === null);
  const [entry] = await tx
    .insert(hoursLedgerEntries)
    .values({
      tenantId: activity.tenantId,
      enrolmentId,
      category: 'practice',
      hours: (change / 100).toFixed(2),
      schoolYear: credit?.schoolYear ?? schoolYearOf(new Date(`${activity.heldOn}T12:00:00+08:00`)),
      sourceKind: 'activity',
      activityId: activity.id,
      correctsEntryId: credit?.id ?? null,
      reason: `校本研修活动 ${activity.heldOn}「${activity.topic}」${input.attending ? '' : '（取消出勤）'}`,
      recordedByPersonId: input.actor.personId,
      recordedBySystem: input.actor.personId ? null : 'school-activity',
    })
    .returning();
  await recordAudit(tx, {
    tenantId: activity.tenantId,
    subjectPersonId: enrolment?.personId ?? null,
    ...auditActor(input.actor),
    action: change > 0 ? 'hours.activity_credit' : 'hours.activity_reverse',
    entityType: 'hours_ledger_entry',
    entityId: entry!.id,
    before: { activityId: activity.id, hours: held / 100 },
    after: { hours: target / 100, entry },
  });
  return change / 100;
}

export function audit(tx: DbTransaction, actor: Actor, a: Activity, action: string, after: object, before?: object) {
  return recordAudit(tx, {
    tenantId: a.tenantId,
    ...auditActor(actor),
    action,
    entityType: 'school_activity',
    entityId: a.id,
    before,
    after: { schoolId: a.schoolId, ...after },
  });
}
