import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { aggregateAbilityGrade, getCatalogue } from '../../../shared/domain';
import type { Db } from '../db/client';
import {
  abilityGrades,
  evidenceItems,
  hoursLedgerEntries,
  itemAssessments,
  submissionEvents,
  submissions,
} from '../db/schema';
import { recordAudit } from '../services/audit';
import { schoolYearOf } from '../services/completions/time';
import type { BlobStore } from '../storage';

export type DemoEvidencePlan = 'graded' | 'submitted' | 'draft' | 'none';

/** Small files whose first bytes are what their names say (the sniffer checks them like any upload). */
const FILES: Record<string, { ext: string; mime: string; head: Buffer }> = {
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
 * One teacher's evidence for one ability, by plan; skipped when the teacher already has a submission for it (so a
 * second run adds nothing). Graded work gets 合格 items, the computed ability grade and practice hours.
 */
export async function seedEvidence(
  db: Db,
  storage: BlobStore,
  input: {
    tenantId: string;
    personId: string;
    assessorId: string;
    enrolmentId: string;
    abilityCode: string;
    plan: DemoEvidencePlan;
    index: number;
    /** Dates are relative to it (default now): work submitted in the last weeks, hours in this and last school year. */
    today?: Date;
  },
): Promise<void> {
  const { tenantId, enrolmentId, abilityCode, plan } = input;
  const [existing] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(and(eq(submissions.enrolmentId, enrolmentId), eq(submissions.abilityCode, abilityCode)));
  if (existing || plan === 'none') return;
  const ability = getCatalogue('national-2.0').abilities.find((a) => a.code === abilityCode);
  if (!ability) return;
  const stored = new Map<string, Awaited<ReturnType<BlobStore['put']>>>();
  for (const slot of ability.evidence.slots) {
    const file = FILES[slot.kind];
    if (!file) continue;
    const body = Buffer.concat([file.head, Buffer.from(`demo ${input.index} ${slot.id}`)]);
    stored.set(slot.id, await storage.put(Readable.from([body]), { maxBytes: 1024 * 1024 }));
  }
  await db.transaction(async (tx) => {
    const state = plan === 'graded' ? 'school_graded' : plan === 'submitted' ? 'submitted' : 'draft';
    const today = input.today ?? new Date();
    const at = new Date(today.getTime() - (30 - input.index) * 86_400_000);
    const schoolYear = schoolYearOf(today);
    const [submission] = await tx
      .insert(submissions)
      .values({
        tenantId,
        enrolmentId,
        abilityCode,
        state,
        version: plan === 'draft' ? 1 : 2,
        submittedAt: plan === 'draft' ? null : at,
        schoolGradedAt: plan === 'graded' ? at : null,
      })
      .returning();
    const submissionId = (submission as { id: string }).id;
    const items = [];
    for (const slot of ability.evidence.slots) {
      const file = FILES[slot.kind];
      const blob = stored.get(slot.id);
      if (slot.kind === 'text') {
        if (!slot.required && plan !== 'graded') continue;
        items.push({
          tenantId,
          submissionId,
          slotId: slot.id,
          kind: 'text' as const,
          text: `${REFLECTION}（${input.index}）`,
        });
      } else if (file && blob) {
        const fileds = { fileSha256: blob.sha256, fileSizeBytes: blob.sizeBytes, fileMime: file.mime };
        const name = `${slot.name.zh}.${file.ext}`;
        items.push({
          tenantId,
          submissionId,
          slotId: slot.id,
          kind: slot.kind,
          storageKey: blob.key,
          fileOriginalName: name,
          ...fileds,
        });
      }
    }
    const rows = await tx.insert(evidenceItems).values(items).returning();
    // The history the review screens read: who submitted, and which school assessor graded.
    if (plan !== 'draft') {
      const event = { tenantId, submissionId, version: 2, createdAt: at };
      await tx.insert(submissionEvents).values([
        { ...event, kind: 'submitted' as const, actorPersonId: input.personId },
        ...(plan === 'graded'
          ? [
              {
                ...event,
                kind: 'school_graded' as const,
                actorPersonId: input.assessorId,
                grade: 'pass',
                createdAt: new Date(at.getTime() + 3_600_000),
              },
            ]
          : []),
      ]);
    }
    if (plan === 'graded') {
      await tx.insert(itemAssessments).values(
        rows.map((r) => ({
          tenantId,
          evidenceItemId: r.id,
          assessorPersonId: input.assessorId,
          level: 'school' as const,
          grade: 'pass' as const,
        })),
      );
      const grade = aggregateAbilityGrade(
        ability.evidence.slots.map((s) => ({ required: s.required, grade: 'pass' as const })),
      );
      await tx
        .insert(abilityGrades)
        .values({ tenantId, enrolmentId, abilityCode, level: 'school', grade: grade ?? 'pass', basis: { demo: true } });
    }
    await tx.insert(hoursLedgerEntries).values([
      {
        tenantId,
        enrolmentId,
        category: 'online',
        hours: '20',
        schoolYear: schoolYear - 1,
        sourceKind: 'manual',
        recordedBySystem: 'demo:seed',
        reason: '演示数据',
      },
      {
        tenantId,
        enrolmentId,
        category: 'practice',
        hours: '12',
        schoolYear,
        sourceKind: 'manual',
        recordedBySystem: 'demo:seed',
        reason: '演示数据',
      },
    ]);
    await recordAudit(tx, {
      tenantId,
      subjectPersonId: input.personId,
      actorLabel: 'system:demo-seed',
      client: 'system',
      action: 'submission.seed',
      entityType: 'submission',
      entityId: submissionId,
      after: { ...submission, items: rows.length },
    });
  });
}
