import type { DbTransaction } from '../../db/client';
import { settleCopies } from '../../db/bulk-copy';
import { refreshTeacherStatuses } from '../teacher-status/refresh';
import { planCopyCredits, writeCreditsInBulk, type StagedCredit, type WrittenCredit } from './bulk-credit';
import type { BatchScope, ClaimOutcome, ClaimPart, CompletionClaim, FeedContext } from './record';

// The write half of recordClaimsLocked (record.ts): a batch's resolved claims staged, one row per ability part, in
// claim order; the credited teachers' ledgers held (held-credits.ts); the rows written set-based (bulk-credit.ts);
// each outcome `created` with its ids.

/** Writes the claims resolved `would_create` and turns their outcomes into `created` (in place). */
export async function writeOutcomes(
  tx: DbTransaction,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  outcomes: ClaimOutcome[],
  { refreshLater, heldCredits: held, fileWrites, deferWrite, ahead, beforeStatement }: BatchScope,
): Promise<void> {
  type Created = Extract<ClaimOutcome, { status: 'would_create' }>;
  // One staged row per (claim, ability part), in claim order; written set-based (bulk-credit.ts).
  const rows: Array<{ i: number; part: ClaimPart }> = [];
  const staged: StagedCredit[] = [];
  outcomes.forEach((o, i) => {
    if (o.status !== 'would_create') return;
    const claim = claims[i]!;
    for (const part of o.parts) {
      rows.push({ i, part });
      staged.push({
        enrolmentId: o.enrolmentId,
        personId: o.personId,
        courseRef: o.course.courseRef,
        courseTitle: claim.courseTitle ?? o.course.title,
        abilityCode: part.abilityCode,
        hours: part.hours,
        completedAt: claim.completedAt,
        externalId: part.externalId,
        provenance: o.belowPassRule ? { ...claim.evidence, belowPassRule: o.belowPassRule } : claim.evidence,
        schoolYear: o.schoolYear,
        ...(o.belowPassRule ? { belowPassRule: o.belowPassRule } : {}),
      });
    }
  });
  // Per claim (by index): its parts as written.
  const written: Array<Array<{ completionId: string; ledgerEntryId: string; part: ClaimPart }> | undefined> = [];
  if (held && staged.length) {
    const readAhead = await ahead?.catch(() => undefined);
    await held.readBefore(
      tx,
      staged.map((s) => s.enrolmentId),
      { ...(readAhead ? { ahead: readAhead } : {}), ...(beforeStatement ? { beforeRead: beforeStatement } : {}) },
    );
  }
  let credits: WrittenCredit[];
  // One batch's COPYs at a time: this batch's start once the previous batch's have ended.
  if (!deferWrite) await beforeStatement?.();
  if (deferWrite && staged.length) {
    const plan = planCopyCredits(ctx, staged);
    deferWrite(plan.start);
    credits = plan.written;
  } else credits = await writeCreditsInBulk(tx, ctx, staged);
  for (const w of credits) {
    const { i, part } = rows[w.index]!;
    const s = staged[w.index]!;
    fileWrites?.keys.add(part.externalId);
    fileWrites?.enrolments.add(s.enrolmentId);
    if (held) {
      // As the ledger read returns a credit (ledger.ts): the completion is the credited item, the feed its kind.
      held.add({
        enrolment_id: s.enrolmentId,
        item: w.completionId,
        category: 'online',
        school_year: s.schoolYear,
        hours: s.hours.toFixed(2),
        source_kind: 'course_completion',
        course_ref: s.courseRef,
        ability_code: s.abilityCode,
        feed_kind: ctx.sourceKind,
        id: w.ledgerEntryId,
      });
    }
    let list = written[i];
    if (!list) written[i] = list = [];
    list.push({ completionId: w.completionId, ledgerEntryId: w.ledgerEntryId, part });
  }
  const touched = new Set<string>();
  outcomes.forEach((o, i) => {
    if (o.status !== 'would_create') return;
    const list = written[i] ?? [];
    if (list.length === 0) {
      // Inserted concurrently by a writer that did not take the lock (cannot happen through this module).
      outcomes[i] = { status: 'unchanged', completionId: '', enrolmentId: o.enrolmentId };
      return;
    }
    // Every part written (always, through COPY): the resolved parts and hours stand as they are. The fields are
    // named rather than spread: a spread of each of a file's outcomes cost ~50 ms a batch of 10,000.
    const c = o as Created;
    const parts = list.length === c.parts.length ? c.parts : list.map((w) => w.part);
    outcomes[i] = {
      status: 'created',
      enrolmentId: c.enrolmentId,
      personId: c.personId,
      course: c.course,
      schoolYear: c.schoolYear,
      ...(c.belowPassRule ? { belowPassRule: c.belowPassRule } : {}),
      completionId: list[0]!.completionId,
      ledgerEntryId: list[0]!.ledgerEntryId,
      completionIds: list.length === 1 ? [list[0]!.completionId] : list.map((w) => w.completionId),
      parts,
      hours: parts === c.parts ? c.hours : Math.round(parts.reduce((sum, p) => sum + p.hours * 100, 0)) / 100,
    };
    touched.add(o.enrolmentId);
  });
  if (refreshLater) {
    for (const id of touched) refreshLater.add(id);
    return;
  }
  await settleCopies(tx);
  await refreshTeacherStatuses(tx, [...touched]);
}
