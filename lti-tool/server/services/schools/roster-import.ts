import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { PROFILE_LIMITS } from '../../../../shared/api/school-profile';
import { TEACHER_ROSTER_LIMITS as LIMITS, type TeacherRosterReply } from '../../../../shared/api/school-roster';
import { arrayParam } from '../../db/array-param';
import type { DbTransaction, Db } from '../../db/client';
import { enrolments, organisations, people } from '../../db/schema';
import { requireProfileEditor } from '../../policies/school-profile';
import { auditActor, type Actor } from '../actor';
import { recordAudit, recordAuditBatch, type AuditEntry } from '../audit';
import { DomainError } from '../errors';
import { readImportFile } from '../org-tree/read';
import { refreshTeacherStatuses } from '../teacher-status/refresh';
import { schoolFor } from './profile';
import { mapRosterHeader, planRoster, rosterSummary, type RosterWorld } from './roster-plan';
import type { OversightScope } from './scope';

export interface RosterImportInput {
  schoolId: string;
  bytes: Uint8Array;
  fileName: string;
  dryRun: boolean;
}

/** The shared reader's own limits are the organisation file's; a school roster is held to its smaller ones here. */
async function readRoster(bytes: Uint8Array, fileName: string) {
  if (bytes.length > LIMITS.maxBytes) {
    throw new DomainError(
      'teacher_import_too_large',
      { field: 'file', limitBytes: LIMITS.maxBytes, bytes: bytes.length },
      {
        zh: `教师名单文件为 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 1 MB 上限：请删去多余的列或分成几个文件导入。`,
        en: `The roster file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the 1 MB limit: remove extra columns or split it into several files.`,
      },
    );
  }
  let sheet;
  try {
    sheet = await readImportFile(bytes, fileName);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'org_import_unreadable') {
      throw new DomainError('teacher_import_unreadable', err.details);
    }
    throw err;
  }
  if (sheet.rows.length > LIMITS.maxRows) {
    throw new DomainError(
      'teacher_import_too_large',
      { field: 'file', limitRows: LIMITS.maxRows, rows: sheet.rows.length },
      {
        zh: `教师名单有 ${sheet.rows.length} 行，超过每个文件 ${LIMITS.maxRows} 行的上限：未导入任何内容，请拆分后分批导入（每个文件保留表头）。`,
        en: `The roster has ${sheet.rows.length} rows, over the limit of ${LIMITS.maxRows} per file: nothing was imported; split it and import the parts (each with the header).`,
      },
    );
  }
  return sheet;
}

/**
 * Imports the school's teacher roster (CSV or XLSX). A preview (`dryRun`) writes nothing; otherwise every accepted
 * row is written in one transaction, with the rejected ones reported and left out. Teachers are enrolled in the
 * scope's programme at the school (a new person when the e-mail is unknown), 教研组 named in the file are opened,
 * and each change is audited on the teacher's record. The same file again changes nothing.
 */
export async function importTeacherRoster(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  input: RosterImportInput,
): Promise<TeacherRosterReply> {
  if (!scope.schoolIds.has(input.schoolId)) throw new DomainError('not_found');
  const sheet = await readRoster(input.bytes, input.fileName);
  const { index, unknown } = mapRosterHeader(sheet.header);
  if (!index.has('name') || (!index.has('email') && !index.has('staffNumber'))) {
    throw new DomainError('teacher_import_header', { field: 'header', found: sheet.header.slice(0, 20) });
  }
  const file = {
    name: input.fileName,
    format: sheet.format,
    rows: sheet.rows.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
  };
  const warnings = unknown.map((h) => ({
    zh: `列“${h}”不是模板中的列，已忽略`,
    en: `Column "${h}" is not a template column and was ignored`,
  }));
  return db.transaction(async (tx) => {
    // The school row is locked: two imports (or an import and a profile change) of one school do not interleave.
    const { school } = await schoolFor(tx, scope, input.schoolId, requireProfileEditor, true);
    const emails = sheet.rows.flatMap((r) => {
      const at = index.get('email');
      const email = at === undefined ? '' : (r.cells[at] ?? '').trim().toLowerCase();
      return email ? [email] : [];
    });
    const world = await loadWorld(tx, scope, school.id, emails);
    const plan = planRoster(sheet.rows, index, world);
    const summary = rosterSummary(plan);
    if (!input.dryRun && summary.created + summary.updated > 0) {
      await apply(tx, scope, actor, school.id, world, plan);
      await recordAudit(tx, {
        tenantId: scope.tenantId,
        ...auditActor(actor),
        action: 'teacher_roster_import.apply',
        entityType: 'organisation',
        entityId: school.id,
        after: { file, summary },
      });
    }
    return {
      dryRun: input.dryRun,
      file,
      warnings,
      summary,
      rows: plan.rows.map(({ action: _action, ...row }) => row),
    };
  });
}

export async function loadWorld(
  tx: DbTransaction,
  scope: OversightScope,
  schoolId: string,
  emails: string[],
): Promise<RosterWorld> {
  const mine = await tx
    .select({
      id: enrolments.id,
      personId: enrolments.personId,
      email: people.email,
      staffNumber: enrolments.staffNumber,
      subject: enrolments.subject,
      groupId: enrolments.groupId,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.tenantId, scope.tenantId),
        eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
        eq(enrolments.schoolId, schoolId),
      ),
    );
  const found = new Map<string, { personId: string; enrolledAt: { schoolId: string; schoolName: string } | null }>();
  if (emails.length > 0) {
    const rows = await tx.execute<{
      id: string;
      email: string;
      school_id: string | null;
      school_name: string | null;
    }>(sql`
      select p.id, lower(p.email) as email, e.school_id, o.name as school_name
      from ${people} p
      left join ${enrolments} e on e.person_id = p.id and e.programme_instance_id = ${scope.programmeInstanceId}
      left join ${organisations} o on o.id = e.school_id
      where p.tenant_id = ${scope.tenantId} and lower(p.email) = any(${arrayParam(emails)}::text[])
      order by p.created_at`);
    for (const r of rows.rows) {
      // The first person with the e-mail stands for it (the launch claims the same one).
      if (found.has(r.email)) continue;
      found.set(r.email, {
        personId: r.id,
        enrolledAt: r.school_id ? { schoolId: r.school_id, schoolName: r.school_name ?? '' } : null,
      });
    }
  }
  const groups = await tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.tenantId, scope.tenantId),
        eq(organisations.parentId, schoolId),
        eq(organisations.kind, 'group'),
      ),
    );
  return {
    enrolments: mine,
    people: found,
    groups: new Map(groups.map((g) => [g.name, g.id])),
    schoolId,
    groupsMax: PROFILE_LIMITS.groupsMax,
  };
}

/** Writes a plan's accepted rows; returns the people it created, by row. */
export async function apply(
  tx: DbTransaction,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  world: RosterWorld,
  plan: ReturnType<typeof planRoster>,
  from = 'teacher_roster_import',
): Promise<Map<number, string>> {
  const base = { tenantId: scope.tenantId, ...auditActor(actor) };
  const audit: AuditEntry[] = [];
  const groupId = new Map(world.groups);
  for (const name of plan.newGroups) {
    const [g] = await tx
      .insert(organisations)
      .values({ tenantId: scope.tenantId, parentId: schoolId, kind: 'group', name })
      .returning({ id: organisations.id });
    groupId.set(name, g!.id);
    audit.push({
      ...base,
      action: 'school_group.create',
      entityType: 'organisation',
      entityId: g!.id,
      after: { schoolId, name, from },
    });
  }
  const creates = plan.rows.filter((r) => r.action?.kind === 'create');
  const newPeople = creates.filter((r) => r.action?.kind === 'create' && r.action.personId === null);
  const personOf = new Map<number, string>();
  for (let i = 0; i < newPeople.length; i += 500) {
    const chunk = newPeople.slice(i, i + 500);
    const inserted = await tx
      .insert(people)
      .values(chunk.map((r) => ({ tenantId: scope.tenantId, displayName: r.name, email: r.email || null })))
      .returning({ id: people.id });
    chunk.forEach((r, j) => personOf.set(r.row, inserted[j]!.id));
  }
  const touched: string[] = [];
  for (let i = 0; i < creates.length; i += 500) {
    const chunk = creates.slice(i, i + 500);
    const values = chunk.map((r) => ({
      tenantId: scope.tenantId,
      programmeInstanceId: scope.programmeInstanceId,
      personId: personOf.get(r.row) ?? (r.action as { personId: string }).personId,
      schoolId,
      groupId: r.action?.kind === 'create' && r.action.group ? (groupId.get(r.action.group) ?? null) : null,
      subject: r.subject || null,
      staffNumber: r.staffNumber || null,
    }));
    const inserted = await tx.insert(enrolments).values(values).returning();
    for (const e of inserted) {
      touched.push(e.id);
      audit.push({
        ...base,
        subjectPersonId: e.personId,
        action: 'enrolment.create',
        entityType: 'enrolment',
        entityId: e.id,
        after: { ...e, from },
      });
    }
  }
  for (const r of plan.rows) {
    if (r.action?.kind !== 'update') continue;
    const { enrolment, set } = r.action;
    const next = {
      ...(set.subject !== undefined ? { subject: set.subject } : {}),
      ...(set.staffNumber !== undefined ? { staffNumber: set.staffNumber } : {}),
      ...(set.group !== undefined ? { groupId: groupId.get(set.group) ?? null } : {}),
    };
    await tx.update(enrolments).set(next).where(eq(enrolments.id, enrolment.id));
    touched.push(enrolment.id);
    audit.push({
      ...base,
      subjectPersonId: enrolment.personId,
      action: 'enrolment.update',
      entityType: 'enrolment',
      entityId: enrolment.id,
      before: { subject: enrolment.subject, staffNumber: enrolment.staffNumber, groupId: enrolment.groupId },
      after: { ...next, from },
    });
  }
  await recordAuditBatch(tx, audit);
  // New teachers get their status row, moved ones their group, in this transaction.
  await refreshTeacherStatuses(tx, touched, { activity: false });
  return personOf;
}
