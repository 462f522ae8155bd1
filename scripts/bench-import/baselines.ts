// The two baselines the tool is measured against in the same run: the old row-by-row path and a plain COPY of the
// same rows into the same tables (the database's own limit).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import { copyLine, copyRows } from '../../lti-tool/server/db/bulk-copy';
import type { Db } from '../../lti-tool/server/db/client';
import { courseCompletions, enrolments, hoursLedgerEntries, people } from '../../lti-tool/server/db/schema';
import { recordAudit } from '../../lti-tool/server/services/audit';
import { COMPLETION_COLUMNS } from '../../lti-tool/server/services/completions/bulk-credit';
import { schoolYearOf } from '../../lti-tool/server/services/completions/time';
import { COURSES } from './setup';

/** The naive importer: every row on its own, one statement at a time. */
export async function rowByRow(db: Db, tenantId: string, sourceId: string, rows: string[][]): Promise<number> {
  let created = 0;
  await db.transaction(async (tx) => {
    for (const [index, [email, courseRef, completed]] of rows.entries()) {
      const [teacher] = await tx
        .select({ personId: people.id, enrolmentId: enrolments.id })
        .from(people)
        .innerJoin(enrolments, eq(enrolments.personId, people.id))
        .where(and(eq(people.tenantId, tenantId), eq(sql`lower(${people.email})`, email!.toLowerCase())));
      const course = COURSES.find((c) => c.courseRef === courseRef)!;
      const completedAt = new Date(`${completed!.replace(' ', 'T')}+08:00`);
      const [completion] = await tx
        .insert(courseCompletions)
        .values({
          tenantId,
          enrolmentId: teacher!.enrolmentId,
          courseRef: course.courseRef,
          courseTitle: course.courseRef,
          abilityCode: course.abilityCode,
          hours: course.hours.toFixed(2),
          completedAt,
          sourceKind: 'file',
          sourceId,
          externalId: `${email}|${courseRef}`,
          provenance: { row: index + 2 },
        })
        .onConflictDoNothing()
        .returning({ id: courseCompletions.id });
      if (!completion) continue;
      const [entry] = await tx
        .insert(hoursLedgerEntries)
        .values({
          tenantId,
          enrolmentId: teacher!.enrolmentId,
          category: 'online',
          hours: course.hours.toFixed(2),
          schoolYear: schoolYearOf(completedAt),
          sourceKind: 'course_completion',
          courseCompletionId: completion.id,
          recordedBySystem: 'bench:row-by-row',
        })
        .returning({ id: hoursLedgerEntries.id });
      await recordAudit(tx, {
        tenantId,
        subjectPersonId: teacher!.personId,
        actorLabel: 'bench',
        client: 'cli',
        action: 'hours.credit',
        entityType: 'hours_ledger_entry',
        entityId: entry!.id,
      });
      created++;
    }
  });
  return created;
}

/**
 * The database's own limit: the same rows as the tool stores them (resolved beforehand, outside the timing), copied
 * into the same tables in one transaction: completions with the tool's provenance (file, its SHA-256, layout, row,
 * import id), their credits, one audit row per teacher with the tool's content (the source, each completion's
 * hours and school year). `sameRows` checks that they weigh what the tool's weigh.
 */
export async function plainCopy(
  db: Db,
  tenantId: string,
  sourceId: string,
  rows: string[][],
  file: { name: string; sha256: string },
): Promise<{ ms: number }> {
  const importId = randomUUID();
  const found = await db
    .select({ email: sql<string>`lower(${people.email})`, personId: people.id, enrolmentId: enrolments.id })
    .from(people)
    .innerJoin(enrolments, eq(enrolments.personId, people.id))
    .where(eq(people.tenantId, tenantId));
  const teacher = new Map(found.map((r) => [r.email, r]));
  const completions: string[] = [];
  const credits: string[] = [];
  const audits = new Map<string, { personId: string; items: unknown[] }>();
  rows.forEach(([email, courseRef, completed], index) => {
    const t = teacher.get(email!)!;
    const course = COURSES.find((c) => c.courseRef === courseRef)!;
    const completedAt = new Date(`${completed!.replace(' ', 'T')}+08:00`);
    const completionId = randomUUID();
    const ledgerId = randomUUID();
    const externalId = `email:${email}|${courseRef}`;
    completions.push(
      copyLine([
        completionId,
        tenantId,
        t.enrolmentId,
        course.courseRef,
        course.courseRef,
        course.abilityCode,
        course.hours.toFixed(2),
        completedAt,
        'file',
        sourceId,
        externalId,
        JSON.stringify({ file: file.name, sha256: file.sha256, layout: 'generic', row: index + 2, importId }),
      ]),
    );
    credits.push(
      copyLine([
        ledgerId,
        tenantId,
        t.enrolmentId,
        'online',
        course.hours.toFixed(2),
        schoolYearOf(completedAt),
        'course_completion',
        completionId,
        'bench:import',
      ]),
    );
    let audit = audits.get(t.enrolmentId);
    if (!audit) audits.set(t.enrolmentId, (audit = { personId: t.personId, items: [] }));
    audit.items.push({
      completionId,
      ledgerEntryId: ledgerId,
      courseRef,
      abilityCode: course.abilityCode,
      hours: course.hours,
      schoolYear: schoolYearOf(completedAt),
      externalId,
    });
  });
  const auditLines = [...audits].map(([enrolmentId, a]) =>
    copyLine([
      tenantId,
      a.personId,
      'bench',
      'cli',
      'hours.credit',
      'enrolment',
      enrolmentId,
      JSON.stringify({ source: { kind: 'file', id: sourceId }, completions: a.items }),
    ]),
  );
  const t = performance.now();
  await db.transaction(async (tx) => {
    await copyRows(tx, 'course_completions', COMPLETION_COLUMNS, completions);
    await copyRows(
      tx,
      'hours_ledger_entries',
      [
        'id',
        'tenant_id',
        'enrolment_id',
        'category',
        'hours',
        'school_year',
        'source_kind',
        'course_completion_id',
        'recorded_by_system',
      ],
      credits,
    );
    await copyRows(
      tx,
      'audit_log',
      ['tenant_id', 'subject_person_id', 'actor_label', 'client', 'action', 'entity_type', 'entity_id', 'after'],
      auditLines,
    );
  });
  return { ms: performance.now() - t };
}

/**
 * The bytes each tenant's rows take in the three tables (the provenance, the audit events' content, the ledger's
 * recorder): the plain COPY writes what the tool writes when the two tenants' figures match.
 */
export async function storedBytes(db: Db, tenantId: string) {
  const { rows } = await db.execute<{ completions: string; credits: string; audits: string }>(sql`
    select
      (select sum(pg_column_size(c.*)) from course_completions c where c.tenant_id = ${tenantId}::uuid) as completions,
      (select sum(pg_column_size(h.*)) from hours_ledger_entries h where h.tenant_id = ${tenantId}::uuid) as credits,
      (select sum(pg_column_size(a.after)) from audit_log a
        where a.tenant_id = ${tenantId}::uuid and a.action = 'hours.credit') as audits`);
  const r = rows[0]!;
  return { completions: Number(r.completions), credits: Number(r.credits), audits: Number(r.audits) };
}
