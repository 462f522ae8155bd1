import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, courseCompletions, enrolments, hoursLedgerEntries, people } from '../../lti-tool/server/db/schema';
import { COPY_FROM_ROWS } from '../../lti-tool/server/services/completions/bulk-credit';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import {
  recordCompletions,
  type CompletionClaim,
  type FeedContext,
} from '../../lti-tool/server/services/completions/record';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { apiFeed, FIXTURE_COURSES, seedFixtureWorld, type FixtureWorld } from './seed';

// The set-based write paths (COPY into each table for a file's rows, one merge statement for a feed's few:
// completions, ledger credits and audit): what they store must be exactly what the claims say, text included —
// COPY's text format has its own escapes (tab, newline, backslash), and a value that round-trips wrongly would
// corrupt evidence silently.
let database: TestDatabase;
let world: FixtureWorld;
beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedFixtureWorld(database.db, 'bulk-write');
  await upsertCourseMappings(database.db, world.tenantId, [
    {
      courseRef: 'RB 报表课程',
      abilities: [
        { abilityCode: 'A5', hours: 1.5 },
        { abilityCode: 'B3', hours: 2.25 },
      ],
    },
  ]);
});
afterAll(() => database.close());

const AWKWARD = 'tab\there, line\nbreak, cr\r, back\\slash \\N "quoted" \'single\' 中文，全角';

function ctx(recorder: FeedContext['recorder']): FeedContext {
  return apiFeed(world, 'bulk-write-test', { actorLabel: 'test:bulk', client: 'api', requestId: 'req-1' }, recorder);
}

function claims(): CompletionClaim[] {
  return [
    {
      externalId: `e1 ${AWKWARD}`,
      teacher: { by: 'email', value: 't001@teachers.example.com' },
      courseRef: 'A1 技术支持的学情分析',
      courseTitle: `标题 ${AWKWARD}`,
      completedAt: new Date('2025-11-03T02:00:00Z'),
      evidence: { note: AWKWARD, nested: { list: [1, 'two\\', null] } },
    },
    {
      externalId: 'e2',
      teacher: { by: 'email', value: 't001@teachers.example.com' },
      courseRef: 'RB 报表课程',
      completedAt: new Date('2025-08-30T17:00:00Z'), // 2025-08-31 01:00 in China: school year 2024
      evidence: { row: 3 },
    },
    {
      externalId: 'e3',
      teacher: { by: 'email', value: 't002@teachers.example.com' },
      courseRef: 'A3 演示文稿设计与制作',
      completedAt: new Date('2026-01-10T00:00:00Z'),
      hours: 1.75,
      evidence: { row: 4 },
    },
  ];
}

describe('recordCompletions writes in bulk', () => {
  it('stores each claim and credit exactly, with one audit event per teacher that names every id', async () => {
    const db = database.db;
    const outcomes = await recordCompletions(db, ctx({ system: 'test:bulk' }), claims());
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created', 'created']);

    const stored = await db
      .select()
      .from(courseCompletions)
      .where(eq(courseCompletions.sourceId, 'bulk-write-test'))
      .orderBy(asc(courseCompletions.externalId));
    expect(
      stored.map((c) => ({
        externalId: c.externalId,
        courseTitle: c.courseTitle,
        abilityCode: c.abilityCode,
        hours: c.hours,
        completedAt: c.completedAt.toISOString(),
        provenance: c.provenance,
        enrolmentId: c.enrolmentId,
      })),
    ).toEqual([
      {
        externalId: `e1 ${AWKWARD}`,
        courseTitle: `标题 ${AWKWARD}`,
        abilityCode: 'A1',
        hours: '2.00',
        completedAt: '2025-11-03T02:00:00.000Z',
        provenance: { note: AWKWARD, nested: { list: [1, 'two\\', null] } },
        enrolmentId: world.teachers.get('t001')!.enrolmentId,
      },
      {
        externalId: 'e2#A5',
        courseTitle: 'RB 报表课程',
        abilityCode: 'A5',
        hours: '1.50',
        completedAt: '2025-08-30T17:00:00.000Z',
        provenance: { row: 3 },
        enrolmentId: world.teachers.get('t001')!.enrolmentId,
      },
      {
        externalId: 'e2#B3',
        courseTitle: 'RB 报表课程',
        abilityCode: 'B3',
        hours: '2.25',
        completedAt: '2025-08-30T17:00:00.000Z',
        provenance: { row: 3 },
        enrolmentId: world.teachers.get('t001')!.enrolmentId,
      },
      {
        externalId: 'e3',
        courseTitle: 'A3 演示文稿设计与制作',
        abilityCode: 'A3',
        hours: '1.75',
        completedAt: '2026-01-10T00:00:00.000Z',
        provenance: { row: 4 },
        enrolmentId: world.teachers.get('t002')!.enrolmentId,
      },
    ]);

    const credits = await db.select().from(hoursLedgerEntries).where(eq(hoursLedgerEntries.tenantId, world.tenantId));
    expect(credits).toHaveLength(4);
    const byCompletion = new Map(credits.map((c) => [c.courseCompletionId, c]));
    for (const c of stored) {
      const credit = byCompletion.get(c.id)!;
      expect(credit).toMatchObject({
        enrolmentId: c.enrolmentId,
        category: 'online',
        hours: c.hours,
        sourceKind: 'course_completion',
        recordedBySystem: 'test:bulk',
        recordedByPersonId: null,
        correctsEntryId: null,
      });
    }
    expect(credits.map((c) => c.schoolYear).sort()).toEqual([2024, 2024, 2025, 2025]);

    // The outcomes carry the ids the database holds.
    const [first, second] = outcomes;
    if (first?.status !== 'created' || second?.status !== 'created') throw new Error('not created');
    expect(first.completionId).toBe(stored[0]!.id);
    expect(first.ledgerEntryId).toBe(byCompletion.get(stored[0]!.id)!.id);
    expect(second.completionIds).toEqual([stored[1]!.id, stored[2]!.id]);
    expect(second.hours).toBe(3.75);

    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, 'hours.credit')))
      .orderBy(asc(auditLog.id));
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      subjectPersonId: world.teachers.get('t001')!.personId,
      actorLabel: 'test:bulk',
      client: 'api',
      requestId: 'req-1',
      entityType: 'enrolment',
      entityId: world.teachers.get('t001')!.enrolmentId,
      before: null,
    });
    expect(audits[0]!.after).toEqual({
      source: { kind: 'api', id: 'bulk-write-test' },
      completions: [0, 1, 2].map((k) => ({
        completionId: stored[k]!.id,
        ledgerEntryId: byCompletion.get(stored[k]!.id)!.id,
        courseRef: k === 0 ? 'A1 技术支持的学情分析' : 'RB 报表课程',
        abilityCode: stored[k]!.abilityCode,
        hours: Number(stored[k]!.hours),
        schoolYear: k === 0 ? 2025 : 2024,
        externalId: stored[k]!.externalId,
      })),
    });
    expect(audits[1]).toMatchObject({ subjectPersonId: world.teachers.get('t002')!.personId });
  });

  it('writes nothing the second time: every claim is unchanged', async () => {
    const db = database.db;
    const outcomes = await recordCompletions(db, ctx({ personId: world.adminPersonId }), claims());
    expect(outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const credits = await db.select().from(hoursLedgerEntries).where(eq(hoursLedgerEntries.tenantId, world.tenantId));
    expect(credits).toHaveLength(4);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, 'hours.credit')));
    expect(audits).toHaveLength(2);
  });

  it('records a person as the recorder of the credits a person imports', async () => {
    const db = database.db;
    const [claim] = claims();
    const outcomes = await recordCompletions(db, ctx({ personId: world.adminPersonId }), [
      { ...claim!, externalId: 'e4', teacher: { by: 'email', value: 't003@teachers.example.com' } },
    ]);
    expect(outcomes[0]!.status).toBe('created');
    const [credit] = await db
      .select()
      .from(hoursLedgerEntries)
      .where(eq(hoursLedgerEntries.enrolmentId, world.teachers.get('t003')!.enrolmentId));
    expect(credit).toMatchObject({ recordedByPersonId: world.adminPersonId, recordedBySystem: null });
  });
});

describe('a file-sized batch goes through COPY', () => {
  it('stores the same as the small path: every row, its credit and one audit event per teacher, text intact', async () => {
    const db = database.db;
    const [t001] = await db
      .select()
      .from(enrolments)
      .where(eq(enrolments.id, world.teachers.get('t001')!.enrolmentId));
    const teachers = 160;
    const persons = await db
      .insert(people)
      .values(
        Array.from({ length: teachers }, (_, n) => ({
          tenantId: world.tenantId,
          displayName: `批量 ${n}`,
          email: `bulk${n}@teachers.example.com`,
        })),
      )
      .returning({ id: people.id, email: people.email });
    await db.insert(enrolments).values(
      persons.map((p) => ({
        tenantId: world.tenantId,
        programmeInstanceId: world.programmeInstanceId,
        personId: p.id,
        schoolId: t001!.schoolId,
      })),
    );
    const batch: CompletionClaim[] = persons.flatMap((p, n) =>
      FIXTURE_COURSES.map((c, k) => ({
        externalId: `big-${n}-${k} ${AWKWARD}`,
        teacher: { by: 'email' as const, value: p.email! },
        courseRef: c.courseRef,
        courseTitle: `${c.courseRef} ${AWKWARD}`,
        completedAt: new Date(Date.UTC(2025, 10, 1 + ((n + k) % 28), 2)),
        evidence: { row: n * 4 + k + 2, note: AWKWARD },
      })),
    );
    expect(batch.length).toBeGreaterThanOrEqual(COPY_FROM_ROWS);
    const source = { ...ctx({ system: 'test:bulk' }), sourceId: 'bulk-write-copy' };
    const outcomes = await recordCompletions(db, source, batch);
    expect(outcomes.every((o) => o.status === 'created')).toBe(true);

    const stored = await db.select().from(courseCompletions).where(eq(courseCompletions.sourceId, 'bulk-write-copy'));
    expect(stored).toHaveLength(batch.length);
    const byExternal = new Map(stored.map((c) => [c.externalId, c]));
    batch.forEach((claim, i) => {
      const row = byExternal.get(claim.externalId)!;
      expect(row.courseTitle).toBe(claim.courseTitle);
      expect(row.provenance).toEqual(claim.evidence);
      expect(row.completedAt.toISOString()).toBe(claim.completedAt.toISOString());
      const outcome = outcomes[i]!;
      if (outcome.status !== 'created') throw new Error('not created');
      expect(outcome.completionId).toBe(row.id);
    });
    const credits = await db
      .select()
      .from(hoursLedgerEntries)
      .where(eq(hoursLedgerEntries.recordedBySystem, 'test:bulk'));
    const creditOf = new Map(credits.map((c) => [c.courseCompletionId, c]));
    for (const c of stored) expect(creditOf.get(c.id)).toMatchObject({ hours: '2.00', schoolYear: 2025 });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, world.tenantId), eq(auditLog.action, 'hours.credit')));
    const bulkAudits = audits.filter((a) => (a.after as { source: { id: string } }).source.id === 'bulk-write-copy');
    expect(bulkAudits).toHaveLength(teachers);
    for (const a of bulkAudits) {
      const listed = (a.after as { completions: { completionId: string; ledgerEntryId: string }[] }).completions;
      expect(listed).toHaveLength(FIXTURE_COURSES.length);
      for (const item of listed) expect(creditOf.get(item.completionId)!.id).toBe(item.ledgerEntryId);
    }
    // Each event says what the small path's says, field for field: the teacher's rows in order.
    const firstAudit = bulkAudits.find((a) => a.subjectPersonId === persons[0]!.id)!;
    expect(firstAudit).toMatchObject({
      actorLabel: 'test:bulk',
      client: 'api',
      requestId: 'req-1',
      entityType: 'enrolment',
      before: null,
    });
    expect(firstAudit.after).toEqual({
      source: { kind: 'api', id: 'bulk-write-copy' },
      completions: FIXTURE_COURSES.map((c, k) => {
        const row = byExternal.get(`big-0-${k} ${AWKWARD}`)!;
        return {
          completionId: row.id,
          ledgerEntryId: creditOf.get(row.id)!.id,
          courseRef: c.courseRef,
          abilityCode: c.abilityCode,
          hours: 2,
          schoolYear: 2025,
          externalId: `big-0-${k} ${AWKWARD}`,
        };
      }),
    });
    const [enrolled] = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(eq(enrolments.personId, persons[0]!.id));
    expect(firstAudit.entityId).toBe(enrolled!.id);

    // Again: nothing new.
    const again = await recordCompletions(db, source, batch);
    expect(again.every((o) => o.status === 'unchanged')).toBe(true);
  });
});
