import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  abilityGrades,
  auditLog,
  abilitySelections,
  enrolments,
  evidenceItems,
  hoursLedgerEntries,
  itemAssessments,
  organisations,
  people,
  programmeInstances,
  roleAssignments,
  schoolTasks,
  submissions,
} from '../../db/schema';
import { listSchoolArtefacts } from '../schools/artefacts';
import { listSchoolActivities } from '../schools/activity-records';
import type { Organisation } from '../teacher-journey/course-link';

/** The artefact workflow's steps that belong in the archive: what was submitted, approved or returned and why. */
const DECISIONS = ['school_artefact.submit', 'school_artefact.approve', 'school_artefact.return'];

/** Everything a school's e-archive holds except the evidence bytes (those are streamed from the blob store). */
export async function loadArchiveData(
  db: Db,
  input: { tenantId: string; programmeInstanceId: string; school: Organisation },
) {
  const { tenantId, school } = input;
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(and(eq(programmeInstances.tenantId, tenantId), eq(programmeInstances.id, input.programmeInstanceId)));
  if (!instance) throw new Error('programme instance missing');
  const groups = await db
    .select()
    .from(organisations)
    .where(
      and(eq(organisations.tenantId, tenantId), eq(organisations.parentId, school.id), eq(organisations.kind, 'group')),
    )
    .orderBy(asc(organisations.name));
  const orgIds = [school.id, ...groups.map((g) => g.id)];
  const team = await db
    .select({ name: people.displayName, role: roleAssignments.role, organisationId: roleAssignments.organisationId })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.tenantId, tenantId),
        inArray(roleAssignments.organisationId, orgIds),
        isNull(roleAssignments.revokedAt),
        or(eq(roleAssignments.role, 'school_team'), eq(roleAssignments.role, 'assessor')),
      ),
    );
  const teachers = await db
    .select({ enrolment: enrolments, name: people.displayName })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.tenantId, tenantId),
        eq(enrolments.programmeInstanceId, instance.id),
        eq(enrolments.schoolId, school.id),
        ne(enrolments.status, 'withdrawn'),
      ),
    );
  teachers.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.enrolment.id.localeCompare(b.enrolment.id));
  const ids = teachers.map((t) => t.enrolment.id);
  const none = ids.length === 0;
  const selections = none
    ? []
    : await db
        .select()
        .from(abilitySelections)
        .where(inArray(abilitySelections.enrolmentId, ids))
        .orderBy(abilitySelections.selectedAt);
  const subs = none ? [] : await db.select().from(submissions).where(inArray(submissions.enrolmentId, ids));
  const items = subs.length
    ? await db
        .select()
        .from(evidenceItems)
        .where(
          inArray(
            evidenceItems.submissionId,
            subs.map((s) => s.id),
          ),
        )
        .orderBy(evidenceItems.submissionId, evidenceItems.slotId)
    : [];
  const assessments = items.length
    ? await db
        .select({ row: itemAssessments, assessor: people.displayName })
        .from(itemAssessments)
        .innerJoin(people, eq(people.id, itemAssessments.assessorPersonId))
        .where(
          inArray(
            itemAssessments.evidenceItemId,
            items.map((i) => i.id),
          ),
        )
        .orderBy(itemAssessments.createdAt)
    : [];
  const grades = none ? [] : await db.select().from(abilityGrades).where(inArray(abilityGrades.enrolmentId, ids));
  const ledger = none
    ? []
    : await db
        .select({ entry: hoursLedgerEntries, recordedBy: people.displayName })
        .from(hoursLedgerEntries)
        .leftJoin(people, eq(people.id, hoursLedgerEntries.recordedByPersonId))
        .where(inArray(hoursLedgerEntries.enrolmentId, ids))
        .orderBy(hoursLedgerEntries.createdAt, hoursLedgerEntries.id);
  const tasks = await db
    .select()
    .from(schoolTasks)
    .where(
      and(
        eq(schoolTasks.tenantId, tenantId),
        eq(schoolTasks.schoolId, school.id),
        eq(schoolTasks.programmeInstanceId, instance.id),
      ),
    )
    .orderBy(schoolTasks.createdAt);
  // Who graded at school level belongs to the school's assessment team even without a role row (the demo's way).
  for (const a of assessments) {
    if (a.row.level !== 'school') continue;
    if (team.some((m) => m.name === a.assessor && m.role === 'assessor')) continue;
    team.push({ name: a.assessor, role: 'assessor', organisationId: school.id });
  }
  const key = { tenantId, programmeInstanceId: instance.id, schoolId: school.id };
  const artefacts = await listSchoolArtefacts(db, key);
  // The artefact row keeps only its latest decision; the audit log holds every submission, approval and return.
  const decisions = artefacts.length
    ? await db
        .select({
          artefactId: auditLog.entityId,
          action: auditLog.action,
          after: auditLog.after,
          by: sql<string>`coalesce(${people.displayName}, ${auditLog.actorLabel})`,
          at: auditLog.createdAt,
        })
        .from(auditLog)
        .leftJoin(people, eq(people.id, auditLog.actorPersonId))
        .where(
          and(
            eq(auditLog.tenantId, tenantId),
            eq(auditLog.entityType, 'school_artefact'),
            inArray(
              auditLog.entityId,
              artefacts.map((a) => a.id),
            ),
            inArray(auditLog.action, DECISIONS),
          ),
        )
        .orderBy(asc(auditLog.id))
    : [];
  const activities = await listSchoolActivities(db, key);
  // Oldest first, as a record of the year reads.
  activities.reverse();
  return {
    instance,
    groups,
    team,
    teachers,
    selections,
    subs,
    items,
    assessments,
    grades,
    ledger,
    tasks,
    artefacts,
    decisions: decisions.map((d) => ({
      ...d,
      versionId: (d.after as { versionId?: string } | null)?.versionId ?? null,
      reason: (d.after as { reason?: string | null } | null)?.reason ?? null,
    })),
    activities,
  };
}

export type ArchiveData = Awaited<ReturnType<typeof loadArchiveData>>;
