import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { LedgerLine, TeacherLedger } from '../../../../shared/api/completions';
import type { HourEntry } from '../../../../shared/domain';
import { arrayParam } from '../../db/array-param';
import type { Db } from '../../db/client';
import { courseCompletions, enrolments, hoursLedgerEntries, people } from '../../db/schema';
import { recordAudit, type AuditActor } from '../audit';
import type { Recorder } from './record';
import { refreshTeacherStatus } from '../teacher-status/refresh';

/** One ledger entry with where its hours came from: what a teacher sees and an auditor traces (shared/api). */
export type { LedgerLine, TeacherLedger };

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A teacher's ledger with provenance, oldest first; `undefined` when the enrolment is not in the tenant. */
export async function teacherLedger(db: Db, tenantId: string, enrolmentId: string): Promise<TeacherLedger | undefined> {
  const [enrolment] = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.tenantId, tenantId), eq(enrolments.id, enrolmentId)));
  if (!enrolment) return undefined;
  const rows = await db
    .select({ entry: hoursLedgerEntries, completion: courseCompletions, recorderName: people.displayName })
    .from(hoursLedgerEntries)
    .leftJoin(courseCompletions, eq(courseCompletions.id, hoursLedgerEntries.courseCompletionId))
    .leftJoin(people, eq(people.id, hoursLedgerEntries.recordedByPersonId))
    .where(and(eq(hoursLedgerEntries.tenantId, tenantId), eq(hoursLedgerEntries.enrolmentId, enrolmentId)))
    .orderBy(asc(hoursLedgerEntries.createdAt), asc(hoursLedgerEntries.id));
  const lines = rows.map(({ entry, completion, recorderName }): LedgerLine => {
    let source: LedgerLine['source'];
    if (entry.sourceKind === 'course_completion' && completion) {
      source = {
        kind: 'course_completion',
        completionId: completion.id,
        courseRef: completion.courseRef,
        courseTitle: completion.courseTitle,
        abilityCode: completion.abilityCode,
        completedAt: completion.completedAt.toISOString(),
        feed: { kind: completion.sourceKind, id: completion.sourceId, externalId: completion.externalId },
        evidence: completion.provenance,
      };
    } else if (entry.sourceKind === 'submission' && entry.submissionId) {
      source = { kind: 'submission', submissionId: entry.submissionId };
    } else if (entry.sourceKind === 'activity' && entry.activityId) {
      source = { kind: 'activity', activityId: entry.activityId };
    } else source = { kind: 'manual' };
    return {
      entryId: entry.id,
      category: entry.category,
      hours: Number(entry.hours),
      schoolYear: entry.schoolYear,
      createdAt: entry.createdAt.toISOString(),
      recordedBy: entry.recordedByPersonId
        ? { personId: entry.recordedByPersonId, displayName: recorderName }
        : { system: entry.recordedBySystem ?? 'system' },
      reason: entry.reason,
      correctsEntryId: entry.correctsEntryId,
      source,
    };
  });
  const years = new Map<number, { schoolYear: number; online: number; practice: number }>();
  let online = 0;
  let practice = 0;
  for (const line of lines) {
    let year = years.get(line.schoolYear);
    if (!year) years.set(line.schoolYear, (year = { schoolYear: line.schoolYear, online: 0, practice: 0 }));
    year[line.category] = round2(year[line.category] + line.hours);
    if (line.category === 'online') online = round2(online + line.hours);
    else practice = round2(practice + line.hours);
  }
  return {
    enrolmentId,
    lines,
    totals: {
      online,
      practice,
      total: round2(online + practice),
      byYear: [...years.values()].sort((a, b) => a.schoolYear - b.schoolYear),
    },
  };
}

/**
 * The engine's hour entries for an enrolment, from the ledger: one entry per course completion (its credit plus
 * corrections, netted; fully voided completions drop out) and one per other credited item, per school year.
 * `courseId` is the course ref, so the engine's per-course caps (`perCourseMax`) apply; `source` names the feed.
 * Negative nets (a correction larger than what it corrects) are clamped to 0 by dropping the entry.
 */
export async function loadHourEntries(db: Db, enrolmentId: string, asOf?: Date): Promise<HourEntry[]> {
  const rows = await ledgerRows(db, [enrolmentId], asOf);
  return netHourEntries(rows);
}

/**
 * `loadHourEntries` for many enrolments in one query per 5,000 (a bulk import refreshes thousands of teachers, a
 * report reads a county): the same rows in the same order, netted the same way, by enrolment id; `asOf` as there.
 */
export async function loadHourEntriesMany(
  db: Db,
  enrolmentIds: string[],
  asOf?: Date,
): Promise<Map<string, HourEntry[]>> {
  const byEnrolment = new Map<string, LedgerRow[]>();
  for (let i = 0; i < enrolmentIds.length; i += 5000) {
    const part = enrolmentIds.slice(i, i + 5000);
    const rows = await ledgerRows(db, part, asOf);
    for (const row of rows) {
      let list = byEnrolment.get(row.enrolment_id);
      if (!list) byEnrolment.set(row.enrolment_id, (list = []));
      list.push(row);
    }
  }
  return new Map(enrolmentIds.map((id) => [id, netHourEntries(byEnrolment.get(id) ?? [])]));
}

/**
 * Each enrolment's ledger rows in the ledger's order, with each row's id and created_at (`at`, as `ledgerMoment`
 * formats it), so that rows written later (held-credits.ts) can be put in their place without reading them back.
 */
export async function ledgerRowsByEnrolment(db: Db, enrolmentIds: readonly string[]) {
  const byEnrolment = new Map<string, LedgerRow[]>();
  for (let i = 0; i < enrolmentIds.length; i += 5000) {
    for (const row of await ledgerRows(db, enrolmentIds.slice(i, i + 5000), undefined, true)) {
      let list = byEnrolment.get(row.enrolment_id);
      if (!list) byEnrolment.set(row.enrolment_id, (list = []));
      list.push(row);
    }
  }
  return byEnrolment;
}

/** How many ledger entries each enrolment has (a probe of its index per enrolment). */
export async function ledgerCounts(db: Db, enrolmentIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < enrolmentIds.length; i += 5000) {
    const result = await db.execute<{ id: string; n: string }>(sql`
      select k.id, (select count(*) from hours_ledger_entries h where h.enrolment_id = k.id) as n
      from unnest(${arrayParam(enrolmentIds.slice(i, i + 5000))}::uuid[]) as k(id)`);
    for (const r of result.rows) counts.set(r.id, Number(r.n));
  }
  return counts;
}

/** The transaction's `now()` (every row it writes is created at it), in the sortable form of the ledger's order. */
export async function ledgerMoment(db: Db): Promise<string> {
  const result = await db.execute<{ at: string }>(sql`select ${moment(sql`now()`)} as at`);
  return result.rows[0]!.at;
}

/** A timestamp as text that sorts as the timestamp does: UTC, to the microsecond. */
function moment(value: SQL) {
  return sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
}

/** A ledger entry as the engine's hours need it: which item it credits, and the completion's course and feed. */
export type LedgerRow = {
  enrolment_id: string;
  /** The credited item: the completion, submission or activity, else the corrected entry, else the entry. */
  item: string;
  category: HourEntry['category'];
  school_year: number;
  hours: string;
  source_kind: string;
  course_ref: string | null;
  ability_code: string | null;
  feed_kind: string | null;
  /** Read with `ordered` (ledgerRows): the entry's id and its created_at as `moment` formats it. */
  id?: string;
  at?: string;
};

// Raw rows, no ORM mapping: a bulk refresh reads every ledger entry of thousands of teachers. Each enrolment's
// entries through its index, with their completions by key (`offset 0` keeps the lateral a probe per enrolment):
// joined as sets, the planner scanned the whole ledger and every completion once per import batch, whatever the
// batch's size.
async function ledgerRows(db: Db, enrolmentIds: readonly string[], asOf?: Date, ordered = false) {
  const result = await db.execute<LedgerRow>(sql`
    select e.enrolment_id, e.item, e.category, e.school_year, e.hours, e.source_kind, e.course_ref, e.ability_code,
      e.feed_kind ${ordered ? sql`, e.id::text as id, ${moment(sql`e.created_at`)} as at` : sql``}
    from unnest(${arrayParam([...new Set(enrolmentIds)])}::uuid[]) as k(id)
    cross join lateral (
      select h.enrolment_id,
        coalesce(h.course_completion_id, h.submission_id, h.activity_id, h.corrects_entry_id, h.id)::text as item,
        h.category, h.school_year, h.hours::text as hours, h.source_kind, c.course_ref, c.ability_code,
        c.source_kind as feed_kind, h.created_at, h.id
      from hours_ledger_entries h
      left join course_completions c on c.id = h.course_completion_id
      where h.enrolment_id = k.id ${asOf ? sql`and h.created_at <= ${asOf.toISOString()}::timestamptz` : sql``}
      offset 0
    ) e
    order by e.created_at, e.id`);
  // The ledger is append-only, so the entries up to a moment (asOf) are the ledger as it stood then.
  return result.rows;
}

export function netHourEntries(rows: readonly LedgerRow[]): HourEntry[] {
  // Net each credited item (its credit and corrections) per category and school year, in exact hundredths.
  const groups = new Map<string, { hundredths: number; entry: Omit<HourEntry, 'hours'> }>();
  for (const row of rows) {
    const schoolYear = Number(row.school_year);
    const key = `${row.item}|${row.category}|${schoolYear}`;
    let group = groups.get(key);
    if (!group) {
      const base: Omit<HourEntry, 'hours'> = {
        category: row.category,
        schoolYear,
        source: row.feed_kind ?? row.source_kind,
      };
      if (row.ability_code) base.abilityCode = row.ability_code;
      if (row.course_ref) base.courseId = row.course_ref;
      groups.set(key, (group = { hundredths: 0, entry: base }));
    }
    group.hundredths += Math.round(Number(row.hours) * 100);
  }
  const entries: HourEntry[] = [];
  for (const { hundredths, entry } of groups.values()) {
    if (hundredths > 0) entries.push({ ...entry, hours: hundredths / 100 });
  }
  return entries;
}

export class LedgerError extends Error {
  constructor(readonly code: 'not_found' | 'nothing_to_correct') {
    super(code);
    this.name = 'LedgerError';
  }
}

/**
 * Takes back the hours of a course completion with a correcting entry (never an edit): a negative entry equal to
 * what the completion still holds, pointing at its credit, with a reason; audited in the same transaction.
 * Returns the correction's id, or null when the completion holds no hours any more (already voided: idempotent).
 */
export async function voidCompletion(
  db: Db,
  input: { tenantId: string; completionId: string; reason: string; recorder: Recorder; actor: AuditActor },
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [completion] = await tx
      .select({ id: courseCompletions.id, enrolmentId: courseCompletions.enrolmentId, personId: enrolments.personId })
      .from(courseCompletions)
      .innerJoin(enrolments, eq(enrolments.id, courseCompletions.enrolmentId))
      .where(and(eq(courseCompletions.tenantId, input.tenantId), eq(courseCompletions.id, input.completionId)))
      .for('update', { of: courseCompletions });
    if (!completion) throw new LedgerError('not_found');
    // Through the enrolment's index: course_completion_id has only a partial unique index (credits, not their
    // corrections), so on its own it is a scan of the whole ledger. A credit and its corrections carry the
    // completion's enrolment (written so; a correction's is the credit's by foreign key).
    const entries = await tx
      .select()
      .from(hoursLedgerEntries)
      .where(
        and(
          eq(hoursLedgerEntries.enrolmentId, completion.enrolmentId),
          eq(hoursLedgerEntries.courseCompletionId, completion.id),
        ),
      );
    const credit = entries.find((e) => e.correctsEntryId === null);
    const net = round2(entries.reduce((sum, e) => sum + Number(e.hours), 0));
    if (!credit || net <= 0) return null;
    const [correction] = await tx
      .insert(hoursLedgerEntries)
      .values({
        tenantId: input.tenantId,
        enrolmentId: completion.enrolmentId,
        category: credit.category,
        hours: (-net).toFixed(2),
        schoolYear: credit.schoolYear,
        sourceKind: 'course_completion',
        courseCompletionId: completion.id,
        correctsEntryId: credit.id,
        reason: input.reason,
        recordedByPersonId: input.recorder.personId ?? null,
        recordedBySystem: input.recorder.personId ? null : (input.recorder.system ?? 'system'),
      })
      .returning();
    await refreshTeacherStatus(tx, completion.enrolmentId);
    await recordAudit(tx, {
      tenantId: input.tenantId,
      subjectPersonId: completion.personId,
      ...input.actor,
      action: 'hours.correct',
      entityType: 'hours_ledger_entry',
      entityId: correction!.id,
      before: { completionId: completion.id, creditEntryId: credit.id, hours: net },
      after: { hours: 0, correction: correction, reason: input.reason },
    });
    return correction!.id;
  });
}

/** Completions of an enrolment that still hold hours, for services that need them (e.g. to void one). */
export async function creditedCompletionIds(db: Db, tenantId: string, enrolmentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: courseCompletions.id })
    .from(courseCompletions)
    // The enrolment's entries through its index (as in voidCompletion), not a scan for course_completion_id.
    .innerJoin(
      hoursLedgerEntries,
      and(
        eq(hoursLedgerEntries.enrolmentId, enrolmentId),
        eq(hoursLedgerEntries.courseCompletionId, courseCompletions.id),
      ),
    )
    .where(and(eq(courseCompletions.tenantId, tenantId), eq(courseCompletions.enrolmentId, enrolmentId)))
    .groupBy(courseCompletions.id)
    .having(sql`sum(${hoursLedgerEntries.hours}) > 0`);
  return rows.map((r) => r.id);
}
