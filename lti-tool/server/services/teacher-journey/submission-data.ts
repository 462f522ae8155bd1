import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../db/client';
import { abilityGrades, evidenceItems, itemAssessments, submissionEvents, submissions } from '../../db/schema';

export type SubmissionRow = typeof submissions.$inferSelect;
export type EvidenceItemRow = typeof evidenceItems.$inferSelect;
type Level = 'school' | 'county';

export interface ItemGrade {
  grade: 'excellent' | 'pass' | 'fail';
  comment: string | null;
  assessorPersonId: string;
  at: Date;
}

/** An evidence item as both the teacher and the assessor see it (the file by link, never by storage key). */
export interface ItemView {
  id: string;
  slotId: string;
  kind: EvidenceItemRow['kind'];
  text: string | null;
  url: string | null;
  file: { name: string | null; sizeBytes: number; mime: string; sha256: string; downloadUrl: string } | null;
  videoDurationSeconds: number | null;
  grades: Partial<Record<Level, ItemGrade>>;
}

export function itemView(item: EvidenceItemRow, grades: Partial<Record<Level, ItemGrade>> = {}): ItemView {
  return {
    id: item.id,
    slotId: item.slotId,
    kind: item.kind,
    text: item.text,
    url: item.url,
    file:
      item.storageKey && item.fileSha256 && item.fileMime
        ? {
            name: item.fileOriginalName,
            sizeBytes: item.fileSizeBytes ?? 0,
            mime: item.fileMime,
            sha256: item.fileSha256,
            downloadUrl: `/api/v1/files/${item.id}`,
          }
        : null,
    videoDurationSeconds: item.videoDurationSeconds,
    grades,
  };
}

/** The one submission row an enrolment keeps per ability (versions live on it and in its events). */
export async function findSubmission(db: Db | DbTransaction, enrolmentId: string, abilityCode: string) {
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.enrolmentId, enrolmentId), eq(submissions.abilityCode, abilityCode)))
    .orderBy(desc(submissions.createdAt))
    .limit(1);
  return row;
}

export async function itemsOf(db: Db | DbTransaction, submissionIds: string[]): Promise<EvidenceItemRow[]> {
  if (submissionIds.length === 0) return [];
  return db
    .select()
    .from(evidenceItems)
    .where(inArray(evidenceItems.submissionId, submissionIds))
    .orderBy(evidenceItems.slotId);
}

/** The current grade per item and level: the latest row of the append-only assessments. */
export async function latestItemGrades(
  db: Db | DbTransaction,
  itemIds: string[],
): Promise<Map<string, Partial<Record<Level, ItemGrade>>>> {
  const out = new Map<string, Partial<Record<Level, ItemGrade>>>();
  if (itemIds.length === 0) return out;
  const rows = await db
    .selectDistinctOn([itemAssessments.evidenceItemId, itemAssessments.level])
    .from(itemAssessments)
    .where(inArray(itemAssessments.evidenceItemId, itemIds))
    .orderBy(itemAssessments.evidenceItemId, itemAssessments.level, desc(itemAssessments.createdAt));
  for (const r of rows) {
    const grades = out.get(r.evidenceItemId) ?? {};
    grades[r.level] = { grade: r.grade, comment: r.comment, assessorPersonId: r.assessorPersonId, at: r.createdAt };
    out.set(r.evidenceItemId, grades);
  }
  return out;
}

export async function abilityGradesOf(db: Db | DbTransaction, enrolmentId: string) {
  return db.select().from(abilityGrades).where(eq(abilityGrades.enrolmentId, enrolmentId));
}

/** Events oldest first: the submission's history. */
export async function eventsOf(db: Db | DbTransaction, submissionIds: string[]) {
  if (submissionIds.length === 0) return [];
  return db
    .select()
    .from(submissionEvents)
    .where(inArray(submissionEvents.submissionId, submissionIds))
    .orderBy(submissionEvents.createdAt, sql`${submissionEvents.version}`);
}

/** Per-slot reasons of the latest return, shown to the teacher until they resubmit. */
export function lastReturnReasons(events: Awaited<ReturnType<typeof eventsOf>>, submissionId: string) {
  const last = events.filter((e) => e.submissionId === submissionId).at(-1);
  return last?.kind === 'returned' ? last.reasons : null;
}
