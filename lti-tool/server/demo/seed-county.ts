import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { evaluateTeacher, getCatalogue, teacherRecordsSchema } from '../../../shared/domain';
import { copyInsert } from '../db/bulk-copy';
import type { Db, DbTransaction } from '../db/client';
import {
  abilitySelections,
  enrolments,
  evidenceItems,
  hoursLedgerEntries,
  itemAssessments,
  organisations,
  people,
  programmeInstances,
  submissionEvents,
  submissions,
  teacherStatus,
  type EvidenceKind,
} from '../db/schema';
import { recordAudit } from '../services/audit';
import { programmeOf } from '../services/teacher-journey/course-link';
import { engineItem, schoolContextOf, type EngineItemSource } from '../services/teacher-journey/records';
import { statusFigures } from '../services/teacher-status/row';
import type { BlobStore } from '../storage';
import { countyPlan, type CountyTeacherPlan } from './county-plan';

/** How many more schools and teachers per school the demo county gets (with the three seeded ones: 40, 2,047). */
export const COUNTY_SCHOOLS = 37;
export const TEACHERS_PER_SCHOOL = 55;

const FILE_KINDS: Record<string, { ext: string; mime: string; head: Buffer }> = {
  document: { ext: 'pdf', mime: 'application/pdf', head: Buffer.from('%PDF-1.4\n') },
  slides: { ext: 'pdf', mime: 'application/pdf', head: Buffer.from('%PDF-1.4\n') },
  video: {
    ext: 'mp4',
    mime: 'video/mp4',
    head: Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]),
  },
  image: { ext: 'png', mime: 'image/png', head: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
};
const REFLECTION =
  '本节课我运用信息技术开展学情分析，通过在线问卷了解学生的已有知识和学习习惯，据此调整了教学目标和活动设计。' +
  '课堂上学生参与度明显提高，但小组讨论的时间把控还不够好，部分学生没有充分表达。今后我将进一步优化问卷题目，' +
  '把数据分析结果及时反馈给学生，并在教研组内分享经验，持续改进技术支持下的教学。';

/**
 * Fresh statistics for a table just filled in this transaction. Without them the foreign-key checks of the next
 * load (planned while the table looked empty) scan it for every row: 6,000 item grades took 13 s instead of 1 s.
 */
async function analyze(tx: DbTransaction, table: PgTable): Promise<void> {
  await tx.execute(sql`analyze ${table}`);
}

/**
 * The demo county made large enough to look real: 37 more schools of 55 teachers in every state, each table
 * loaded with one COPY (ids made here, so nothing has to be read back), with the engine's status rows computed
 * from the very records inserted (the engine, not a copy of it) and dated relative to today. Skipped when already
 * there, so a restart stays fast.
 */
export async function seedDemoCounty(
  db: Db,
  input: {
    tenantId: string;
    countyId: string;
    programmeInstanceId: string;
    assessorId: string;
    storage: BlobStore;
    now?: Date;
  },
): Promise<{ schools: number; teachers: number }> {
  const { tenantId, countyId } = input;
  const now = input.now ?? new Date();
  const lastCode = `DEMO-S${String(COUNTY_SCHOOLS + 3).padStart(2, '0')}`;
  const [done] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(eq(organisations.tenantId, tenantId), eq(organisations.kind, 'school'), eq(organisations.code, lastCode)),
    );
  if (done) return { schools: 0, teachers: 0 };
  const blobs = new Map<string, Awaited<ReturnType<BlobStore['put']>>>();
  for (const [kind, f] of Object.entries(FILE_KINDS)) {
    blobs.set(
      kind,
      await input.storage.put(Readable.from([Buffer.concat([f.head, Buffer.from(`demo county ${kind}`)])]), {
        maxBytes: 1024,
      }),
    );
  }
  const plan = countyPlan(COUNTY_SCHOOLS, TEACHERS_PER_SCHOOL);
  return db.transaction(async (tx) => {
    const [instance] = await tx
      .select()
      .from(programmeInstances)
      .where(eq(programmeInstances.id, input.programmeInstanceId));
    if (!instance) throw new Error('demo programme instance missing');
    // Hours count in the programme's window of school years: this one, or the window's last when it has ended.
    const window = programmeOf(instance).programme.period.window.value;
    const current = now.getUTCFullYear() - (now.getUTCMonth() < 8 ? 1 : 0);
    const schoolYear = Math.min(
      Math.max(current, window.startYear, instance.startYear),
      window.endYear,
      instance.endYear,
    );
    const schools = await tx
      .insert(organisations)
      .values(
        plan.schools.map((s) => ({
          tenantId,
          parentId: countyId,
          kind: 'school' as const,
          code: s.code,
          name: s.name,
          teachingEnvironment: s.environment,
        })),
      )
      .returning();
    const groups = await tx
      .insert(organisations)
      .values(
        schools.flatMap((s) =>
          ['语文组', '数学组', '综合组'].map((g, i) => ({
            tenantId,
            parentId: s.id,
            kind: 'group' as const,
            code: `${s.code}-G${i + 1}`,
            name: g,
          })),
        ),
      )
      .returning();
    const persons = plan.teachers.map((t) => ({ id: randomUUID(), tenantId, displayName: t.name, email: t.email }));
    await copyInsert(tx, people, persons);
    await analyze(tx, people);
    const groupsOf = new Map<string, string[]>();
    for (const g of groups) groupsOf.set(g.parentId!, [...(groupsOf.get(g.parentId!) ?? []), g.id]);
    const enrolled = plan.teachers.map((t, i) => {
      const school = schools[t.school]!;
      const schoolGroups = groupsOf.get(school.id)!;
      return {
        id: randomUUID(),
        tenantId,
        programmeInstanceId: instance.id,
        personId: persons[i]!.id,
        schoolId: school.id,
        groupId: schoolGroups[i % schoolGroups.length]!,
        subject: t.subject,
      };
    });
    await copyInsert(tx, enrolments, enrolled);
    await analyze(tx, enrolments);
    await copyInsert(
      tx,
      abilitySelections,
      plan.teachers.flatMap((t, i) =>
        t.abilities.map((abilityCode) => ({ tenantId, enrolmentId: enrolled[i]!.id, abilityCode })),
      ),
    );
    await copyInsert(
      tx,
      hoursLedgerEntries,
      plan.teachers.flatMap((t, i) =>
        (['online', 'practice'] as const)
          .filter((c) => t.hours[c] > 0)
          .map((category) => ({
            tenantId,
            enrolmentId: enrolled[i]!.id,
            category,
            hours: String(t.hours[category]),
            schoolYear,
            sourceKind: 'manual' as const,
            recordedBySystem: 'demo:seed',
            reason: '演示数据',
          })),
      ),
    );
    // Who school-graded the seeded work in its history: a school-level assessor, never the county officer (who
    // reviews it and may not grade one submission at both levels).
    const [grader] = await tx
      .insert(people)
      .values({ tenantId, displayName: '示范县学校评审员' })
      .returning({ id: people.id });
    const evidence = await seedWork(tx, {
      tenantId,
      plan: plan.teachers,
      enrolled,
      blobs,
      now,
      assessorId: input.assessorId,
      graderId: grader!.id,
    });
    const { programme, catalogue } = programmeOf(instance);
    const asOf = now.toISOString().slice(0, 10);
    const statusRows = plan.teachers.map((t, i) => {
      const enrolment = enrolled[i]!;
      const school = schools[t.school]!;
      const records = teacherRecordsSchema.parse({
        teacherId: enrolment.personId,
        selections: t.abilities.map((abilityCode) => ({ abilityCode })),
        hours: (['online', 'practice'] as const)
          .filter((c) => t.hours[c] > 0)
          .map((category) => ({
            category,
            schoolYear,
            source: 'manual',
            hours: t.hours[category],
          })),
        evidence: evidence.get(enrolment.id) ?? [],
      });
      const figures = statusFigures(evaluateTeacher(programme, catalogue, schoolContextOf(school), records, { asOf }));
      const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
      const complete = figures.state === 'ready_to_certify' || figures.state === 'certified';
      return {
        enrolmentId: enrolment.id,
        tenantId,
        programmeInstanceId: instance.id,
        schoolId: school.id,
        groupId: enrolment.groupId,
        ...figures,
        lastActivityAt: t.kind === 'none' ? null : daysAgo(t.daysAgo),
        completedAt: complete ? daysAgo(t.daysAgo) : null,
        computedAt: now,
      };
    });
    await copyInsert(tx, teacherStatus, statusRows);
    await recordAudit(tx, {
      tenantId,
      actorLabel: 'system:demo-seed',
      client: 'system',
      action: 'demo.seed_county',
      entityType: 'organisation',
      entityId: countyId,
      after: { schools: schools.length, teachers: enrolled.length },
    });
    return { schools: schools.length, teachers: enrolled.length };
  });
}

type EngineEvidence = {
  abilityCode: string;
  state: 'draft' | 'submitted' | 'graded';
  items: ReturnType<typeof engineItem>[];
};

/** Submissions, items and school grades for the teachers whose plan has them; returns what the engine reads. */
async function seedWork(
  tx: DbTransaction,
  input: {
    tenantId: string;
    plan: CountyTeacherPlan[];
    enrolled: { id: string; personId: string }[];
    /** The school-level grader named in the grading events. */
    graderId: string;
    blobs: Map<string, Awaited<ReturnType<BlobStore['put']>>>;
    now: Date;
    assessorId: string;
  },
): Promise<Map<string, EngineEvidence[]>> {
  const { tenantId, now } = input;
  const catalogue = getCatalogue('national-2.0');
  const work = input.plan.flatMap((t, i) =>
    t.work.map((w) => ({ ...w, enrolmentId: input.enrolled[i]!.id, daysAgo: t.daysAgo })),
  );
  const at = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const subs = work.map((w) => ({
    id: randomUUID(),
    tenantId,
    enrolmentId: w.enrolmentId,
    abilityCode: w.abilityCode,
    state: w.state === 'graded' ? ('school_graded' as const) : w.state,
    version: w.state === 'draft' ? 1 : 2,
    submittedAt: w.state === 'draft' ? null : at(w.daysAgo + 3),
    schoolGradedAt: w.state === 'graded' ? at(w.daysAgo) : null,
  }));
  await copyInsert(tx, submissions, subs);
  await analyze(tx, submissions);
  // The history reports of a past moment rebuild a submission's state from: who submitted, who graded and when.
  const personOf = new Map(input.enrolled.map((e) => [e.id, e.personId]));
  await copyInsert(
    tx,
    submissionEvents,
    subs.flatMap((s, i) => {
      const w = work[i]!;
      if (w.state === 'draft') return [];
      const event = { tenantId, submissionId: s.id, version: s.version };
      return [
        {
          ...event,
          kind: 'submitted' as const,
          actorPersonId: personOf.get(s.enrolmentId)!,
          createdAt: s.submittedAt!,
        },
        ...(w.state === 'graded'
          ? [
              {
                ...event,
                kind: 'school_graded' as const,
                actorPersonId: input.graderId,
                grade: w.grade,
                createdAt: s.schoolGradedAt!,
              },
            ]
          : []),
      ];
    }),
  );
  // Every key set on every row (null where the kind has none), as the engine reads a stored item.
  const item = (
    s: { id: string },
    slotId: string,
    fields: Partial<EngineItemSource> & { kind: EvidenceKind; fileSha256?: string; fileMime?: string },
  ) => ({
    id: randomUUID(),
    tenantId,
    submissionId: s.id,
    slotId,
    text: null,
    url: null,
    fileSha256: null,
    fileSizeBytes: null,
    fileMime: null,
    fileOriginalName: null,
    storageKey: null,
    videoDurationSeconds: null,
    ...fields,
  });
  const items = subs.flatMap((s) => {
    const ability = catalogue.abilities.find((a) => a.code === s.abilityCode);
    return (ability?.evidence.slots ?? []).flatMap((slot) => {
      if (slot.kind === 'text') return [item(s, slot.id, { kind: 'text', text: REFLECTION })];
      if (slot.kind === 'link') return [item(s, slot.id, { kind: 'link', url: 'https://demo.example.cn/lesson' })];
      const f = FILE_KINDS[slot.kind];
      const blob = input.blobs.get(slot.kind);
      if (!f || !blob) return [];
      return [
        item(s, slot.id, {
          kind: slot.kind,
          storageKey: blob.key,
          fileSha256: blob.sha256,
          fileSizeBytes: blob.sizeBytes,
          fileMime: f.mime,
          fileOriginalName: `${slot.name.zh}.${f.ext}`,
        }),
      ];
    });
  });
  await copyInsert(tx, evidenceItems, items);
  await analyze(tx, evidenceItems);
  const gradeOf = new Map<string, 'pass' | 'excellent' | null>(work.map((w, i) => [subs[i]!.id, w.grade]));
  await copyInsert(
    tx,
    itemAssessments,
    items.flatMap((i) => {
      const grade = gradeOf.get(i.submissionId);
      if (!grade) return [];
      return [{ tenantId, evidenceItemId: i.id, level: 'school' as const, grade, assessorPersonId: input.assessorId }];
    }),
  );
  const itemsOf = new Map<string, typeof items>();
  for (const i of items) itemsOf.set(i.submissionId, [...(itemsOf.get(i.submissionId) ?? []), i]);
  const out = new Map<string, EngineEvidence[]>();
  for (const [index, s] of subs.entries()) {
    const grade = work[index]!.grade;
    const list = out.get(s.enrolmentId) ?? [];
    list.push({
      abilityCode: s.abilityCode,
      state: s.state === 'school_graded' ? 'graded' : (s.state as 'draft' | 'submitted'),
      items: (itemsOf.get(s.id) ?? []).map((i) =>
        engineItem(i, grade ? { grade, comment: null, assessorPersonId: '', at: now } : undefined),
      ),
    });
    out.set(s.enrolmentId, list);
  }
  return out;
}
