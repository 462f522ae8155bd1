import { and, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { enrolments, evidenceItems, organisations, people, submissions } from '../../db/schema';
import type { EvidenceItemRow } from '../teacher-journey/submission-data';
import { compareText, type DuplicateKind } from './duplicates';

export interface DuplicateFlag {
  itemId: string;
  kind: DuplicateKind;
  similarity: number;
  other: { itemId: string; submissionId: string; abilityCode: string; teacher: string; school: string };
}

/** How many recent text items of other teachers a text is compared with (bounded work per review page). */
const TEXT_CANDIDATES = 2000;

/** Evidence of other teachers in the tenant that matches this submission's items: same file, same or similar text. */
export async function duplicateFlags(
  db: Db,
  tenantId: string,
  ownerPersonId: string,
  items: EvidenceItemRow[],
): Promise<DuplicateFlag[]> {
  const others = and(eq(evidenceItems.tenantId, tenantId), ne(enrolments.personId, ownerPersonId));
  const columns = {
    itemId: evidenceItems.id,
    submissionId: submissions.id,
    abilityCode: submissions.abilityCode,
    teacher: people.displayName,
    school: organisations.name,
    sha256: evidenceItems.fileSha256,
    text: evidenceItems.text,
  };
  const base = () =>
    db
      .select(columns)
      .from(evidenceItems)
      .innerJoin(submissions, eq(submissions.id, evidenceItems.submissionId))
      .innerJoin(enrolments, eq(enrolments.id, submissions.enrolmentId))
      .innerJoin(people, eq(people.id, enrolments.personId))
      .innerJoin(organisations, eq(organisations.id, enrolments.schoolId));
  const flags: DuplicateFlag[] = [];
  const hashes = items.flatMap((i) => (i.fileSha256 ? [i.fileSha256] : []));
  if (hashes.length > 0) {
    const sameFiles = await base().where(and(others, inArray(evidenceItems.fileSha256, hashes)));
    for (const item of items) {
      for (const match of sameFiles.filter((m) => m.sha256 === item.fileSha256)) {
        flags.push({ itemId: item.id, kind: 'same-file', similarity: 1, other: otherOf(match) });
      }
    }
  }
  const texts = items.filter((i) => i.text !== null);
  if (texts.length > 0) {
    const candidates = await base()
      .where(and(others, isNotNull(evidenceItems.text)))
      .orderBy(desc(evidenceItems.updatedAt))
      .limit(TEXT_CANDIDATES);
    const byId = new Map(candidates.map((c) => [c.itemId, c]));
    for (const item of texts) {
      const matches = compareText(
        item.text as string,
        candidates.map((c) => ({ itemId: c.itemId, text: c.text as string })),
      );
      for (const m of matches) {
        const other = byId.get(m.itemId);
        if (other) flags.push({ itemId: item.id, kind: m.kind, similarity: m.similarity, other: otherOf(other) });
      }
    }
  }
  return flags;
}

function otherOf(row: { itemId: string; submissionId: string; abilityCode: string; teacher: string; school: string }) {
  return {
    itemId: row.itemId,
    submissionId: row.submissionId,
    abilityCode: row.abilityCode,
    teacher: row.teacher,
    school: row.school,
  };
}
