import { sql } from 'drizzle-orm';
import type { TeacherKeyKind } from '../../../../shared/api/completions';
import type { Db, DbTransaction } from '../../db/client';
import type { CompletionSourceKind } from '../../db/schema';
import type { AuditActor } from '../audit';
import { COPY_FROM_ROWS } from './bulk-credit';
import { loadCourseIndex, normaliseCourseRef, type CourseMapping } from './course-mappings';
import { issue, type Issue } from './issues';
import { schoolYearOf } from './time';
import { creditedCourses, existingExternalIds, teacherKey, teachersOf, type StoredCompletion } from './record-lookups';
import { settleCopies } from '../../db/bulk-copy';
import type { HeldCredits } from './held-credits';
import type { BatchAhead, FileWrites } from './read-ahead';
import { belowPassRules, partsOf } from './claim-rules';
import { writeOutcomes } from './record-write';

/** How a feed names a teacher: an e-mail in the tenant, the LMS's LTI user id (`sub`), or our person id. */
export { TEACHER_KEY_KINDS as teacherKeyKinds } from '../../../../shared/api/completions';
export type { TeacherKeyKind };
export interface TeacherRef {
  by: TeacherKeyKind;
  value: string;
}

/** One completion as a feed reports it, before it is resolved against the tenant's teachers and courses. */
export interface CompletionClaim {
  /** The record's id in its source: stable across re-imports and replays (idempotency key). */
  externalId: string;
  teacher: TeacherRef;
  courseRef: string;
  courseTitle?: string;
  completedAt: Date;
  /** Explicit hours (API, generic files); otherwise the course mapping's. */
  hours?: number;
  /**
   * The source says the course was completed below its pass grade (Moodle's "Completed (did not achieve pass
   * grade)"): the teacher's programme decides (`completions.belowPassGrade`).
   */
  belowPass?: boolean;
  /** The evidence: file row, statement id, API call … stored as the completion's provenance. */
  evidence: Record<string, unknown>;
}

/** Who records: a person (an administrator uploading a file) or a system (an API client, an xAPI plugin). */
export interface Recorder {
  personId?: string;
  system?: string;
}

export interface FeedContext {
  tenantId: string;
  sourceKind: CompletionSourceKind;
  /** The feed's id within its kind (a completion source id, a platform id for LTI). */
  sourceId: string;
  programmeInstanceId?: string | null;
  platformId?: string | null;
  recorder: Recorder;
  actor: AuditActor;
  /** The calendar the school year is computed in (default UTC+8). */
  utcOffset?: string;
  /** An administrator reviewed this batch's below-pass completions and approves them (rule credit-after-review). */
  belowPassApproved?: boolean;
}

/** One completion to record: a course credits each micro-ability it teaches as a completion of its own. */
export interface ClaimPart {
  abilityCode: string;
  hours: number;
  /** The claim's external id; `<id>#<ability>` when the course teaches several abilities. */
  externalId: string;
}

export interface ResolvedClaim {
  enrolmentId: string;
  personId: string;
  course: CourseMapping;
  /** What this claim credits now (abilities already recorded or credited are left out). */
  parts: ClaimPart[];
  /** Sum of the parts' hours. */
  hours: number;
  schoolYear: number;
  /** A below-pass completion credited by the programme's rule: which rule (recorded with the evidence). */
  belowPassRule?: 'credit' | 'credit-after-review';
}

export type ClaimOutcome =
  | ({ status: 'created'; completionId: string; ledgerEntryId: string; completionIds: string[] } & ResolvedClaim)
  | ({ status: 'would_create' } & ResolvedClaim)
  | { status: 'unchanged'; completionId: string; enrolmentId: string }
  | { status: 'duplicate'; issues: Issue[]; enrolmentId: string }
  /** Not credited by the programme's rule (a below-pass completion): a decision, not an error in the row. */
  | { status: 'not_credited'; issues: Issue[]; enrolmentId: string }
  | { status: 'rejected'; issues: Issue[] };

/**
 * How one batch of a larger whole (a file read in batches) sees the batches before it. A written batch is in the
 * database: a completion or credit stored by the same `importId` is a duplicate within the file, not `unchanged`
 * or `already_credited`. A preview writes nothing, so it carries the keys it has seen (`seen`) from batch to batch.
 */
export interface BatchScope {
  courses?: Map<string, CourseMapping>;
  importId?: string;
  seen?: { external: Set<string>; course: Set<string> };
  /**
   * The credited teachers' enrolments, collected for the caller to refresh (`refreshTeacherStatuses`) in the same
   * transaction before it commits, instead of after every batch: a file sorted by course names every teacher in
   * every batch, and each refresh reads back all of the teacher's records.
   */
  refreshLater?: Set<string>;
  /**
   * The source held no completion before this import (its first file): every stored key is this file's, written
   * under today's course mapping, so no part can be stored under its other id form.
   */
  nothingStoredBefore?: boolean;
  /** With `refreshLater`: the credited teachers' ledgers, so that the refresh need not read them back. */
  heldCredits?: HeldCredits;
  /**
   * With `nothingStoredBefore`: the keys and enrolments the file's earlier batches wrote (written batches add theirs).
   * A key it has never seen is not stored, so only the others are looked up.
   */
  fileWrites?: FileWrites;
  /**
   * Takes the batch's write instead of starting it: its rows are COPYed whatever their number, the outcomes, held
   * ledgers and keys are as if written, and the caller starts the COPYs (`start`) before it commits.
   */
  deferWrite?: (start: (tx: DbTransaction) => Promise<void>) => void;
  /**
   * The batch's reads made ahead on another connection while the previous batch was written (read-ahead.ts): its
   * teachers, and maybe its enrolments' credited courses and ledgers. A failed read is made on `db` instead.
   */
  ahead?: Promise<BatchAhead>;
  /**
   * Called before any statement on `db`: a file's previous batch may still be COPYing on it (recordClaimsLocked).
   * A batch read ahead in full runs none until its own write.
   */
  beforeStatement?: () => Promise<void>;
}

/**
 * Resolves claims against the tenant's teachers, course catalogue and what is already recorded, without writing:
 * the preview of an import and the first half of `recordCompletions`. Outcomes are in claim order.
 */
export async function resolveClaims(
  db: Db,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  scope: BatchScope = {},
): Promise<ClaimOutcome[]> {
  const onDb = async () => {
    await scope.beforeStatement?.();
    return db;
  };
  const ahead = scope.ahead ? await scope.ahead.catch(() => undefined) : undefined;
  const index = scope.courses ?? (await loadCourseIndex(await onDb(), ctx.tenantId));
  const teachers = await teachersOf(
    db,
    ctx,
    claims.map((c) => c.teacher),
    ahead?.teachers,
    scope.beforeStatement,
  );
  const claimParts = claims.map((c) => partsOf(c, index.get(normaliseCourseRef(c.courseRef))));
  // A part may have been stored under the claim's other id form: `<id>` while the course had one ability,
  // `<id>#<ability>` while it had several. Either form of the same ability is the same completion (a voided one
  // must not come back under the other id after the mapping changed).
  const aliasOf = (claim: CompletionClaim, part: ClaimPart) =>
    part.externalId === claim.externalId ? `${claim.externalId}#${part.abilityCode}` : claim.externalId;
  // The other form is looked up only for parts not stored under their own, and not at all while the source holds
  // nothing from before this import (a file's earlier batches use the mapping of its own, which does not change).
  const partKeys = claimParts.flatMap((parts) => parts.map((p) => p.externalId));
  // On a source's first file only the file's earlier batches can have stored a key: those it never wrote are new.
  const fileKeys = scope.nothingStoredBefore ? scope.fileWrites?.keys : undefined;
  const probed = fileKeys ? partKeys.filter((key) => fileKeys.mayHave(key)) : partKeys;
  const existing = probed.length
    ? await existingExternalIds(await onDb(), ctx, probed)
    : new Map<string, StoredCompletion>();
  if (!scope.nothingStoredBefore) {
    const aliases = claimParts.flatMap((parts, i) =>
      parts.filter((p) => !existing.has(p.externalId)).map((p) => aliasOf(claims[i]!, p)),
    );
    if (aliases.length)
      for (const [id, stored] of await existingExternalIds(await onDb(), ctx, aliases)) existing.set(id, stored);
  }
  const storedAs = (claim: CompletionClaim, part: ClaimPart) => {
    if (existing.size === 0) return undefined; // a source's first file: no alias to build per part
    const own = existing.get(part.externalId);
    if (own) return own;
    const alias = existing.get(aliasOf(claim, part));
    return alias && alias.abilityCode === part.abilityCode ? alias : undefined;
  };
  const thisImport = (importId: string | null | undefined) =>
    scope.importId !== undefined && importId === scope.importId;
  // What other records credit matters only for claims not stored yet: a re-import of an unchanged file (every
  // part stored) asks nothing more of the database.
  const enrolmentIds = new Set<string>();
  // Each claim's teacher key, made once (trimmed, lower-cased: per row it added up over a file).
  const teacherKeys = claims.map((c) => teacherKey(c.teacher));
  claims.forEach((claim, i) => {
    if (claimParts[i]!.every((p) => storedAs(claim, p) !== undefined)) return;
    for (const id of teachers.get(teacherKeys[i]!)?.enrolmentIds ?? []) enrolmentIds.add(id);
  });
  // Read ahead when every enrolment was (read-ahead.ts); else on `db`.
  const readAhead = ahead?.enrolments && [...enrolmentIds].every((id) => ahead.enrolments!.has(id));
  const credited =
    readAhead && ahead.credited
      ? ahead.credited
      : enrolmentIds.size
        ? await creditedCourses(await onDb(), ctx.tenantId, [...enrolmentIds])
        : new Map<string, string | null>();
  const seenExternal = scope.seen?.external ?? new Set<string>();
  const seenCourse = scope.seen?.course ?? new Set<string>();
  const belowPassRuleOf = claims.some((c) => c.belowPass)
    ? await belowPassRules(await onDb(), ctx.tenantId)
    : () => undefined;

  return claims.map((claim, i): ClaimOutcome => {
    const issues: Issue[] = [];
    if (claim.teacher.by === 'lti_user_id' && !ctx.platformId) issues.push(issue('no_platform', 'teacher'));
    const match = teachers.get(teacherKeys[i]!);
    const course = index.get(normaliseCourseRef(claim.courseRef));
    // A course of one programme counts only for the teacher's enrolment in that programme.
    const candidates = (match?.enrolmentIds ?? []).filter(
      (id) => !course?.programmeInstanceId || match!.instances.get(id) === course.programmeInstanceId,
    );
    let enrolmentId: string | undefined;
    if (!match || candidates.length === 0) {
      if (!issues.length) issues.push(issue('unknown_teacher', 'teacher', claim.teacher.value));
    } else if (candidates.length > 1) issues.push(issue('ambiguous_teacher', 'teacher', claim.teacher.value));
    else enrolmentId = candidates[0];
    if (!course) issues.push(issue('unknown_course', 'course', claim.courseRef));
    else if (claim.hours !== undefined && course.abilities.length > 1) {
      issues.push(issue('hours_for_several_abilities', 'hours', String(claim.hours)));
    }
    const parts = claimParts[i]!;
    if (parts.some((p) => !(p.hours > 0 && p.hours <= 100 && Number.isFinite(p.hours)))) {
      issues.push(issue('invalid_hours', 'hours', String(claim.hours)));
    }
    if (!Number.isFinite(claim.completedAt.getTime())) issues.push(issue('invalid_date', 'completedAt'));
    if (issues.length || !enrolmentId || !course || parts.length === 0) return { status: 'rejected', issues };

    // Stored before, ability by ability, under either id form (a course mapped to more abilities since then
    // credits only the new ones; one stored and voided stays voided).
    const stored = parts.filter((p) => storedAs(claim, p) !== undefined);
    if (stored.length === parts.length) {
      const first = storedAs(claim, parts[0]!)!;
      // Stored by an earlier batch of this same file: a repeated row, as within one batch.
      if (thisImport(first.importId))
        return { status: 'duplicate', issues: [issue('duplicate_in_batch')], enrolmentId };
      return { status: 'unchanged', completionId: first.id, enrolmentId };
    }
    if (seenExternal.has(claim.externalId)) {
      return { status: 'duplicate', issues: [issue('duplicate_in_batch')], enrolmentId };
    }
    seenExternal.add(claim.externalId);
    const keys = parts.map((p) => `${enrolmentId}|${course.courseRef}|${p.abilityCode}`);
    const fresh = parts.filter((p, k) => !stored.includes(p) && !seenCourse.has(keys[k]!) && !credited.has(keys[k]!));
    if (fresh.length === 0) {
      const inBatch = keys.some((key) => seenCourse.has(key) || thisImport(credited.get(key)));
      return { status: 'duplicate', issues: [issue(inBatch ? 'duplicate_in_batch' : 'already_credited')], enrolmentId };
    }
    let belowPassRule: ResolvedClaim['belowPassRule'];
    if (claim.belowPass) {
      const rule = belowPassRuleOf(match!.instances.get(enrolmentId)!) ?? 'do-not-credit';
      if (rule === 'do-not-credit') {
        return { status: 'not_credited', issues: [issue('below_pass_not_credited', 'status')], enrolmentId };
      }
      if (rule === 'credit-after-review' && !ctx.belowPassApproved) {
        return { status: 'not_credited', issues: [issue('below_pass_awaiting_review', 'status')], enrolmentId };
      }
      belowPassRule = rule;
    }
    for (let k = 0; k < parts.length; k++) if (fresh.includes(parts[k]!)) seenCourse.add(keys[k]!);
    return {
      ...(belowPassRule ? { belowPassRule } : {}),
      status: 'would_create',
      enrolmentId,
      personId: match!.personId,
      course,
      parts: fresh,
      hours: Math.round(fresh.reduce((sum, p) => sum + p.hours * 100, 0)) / 100,
      schoolYear: schoolYearOf(claim.completedAt, ctx.utcOffset),
    };
  });
}

/**
 * Records completions and credits their hours in one transaction: a `course_completions` row (the evidence) and an
 * online `hours_ledger_entries` credit for each new claim, plus one audit event per teacher. Idempotent: a claim
 * whose (source, external id) is already stored is `unchanged`; a course already credited to the teacher from
 * another record is a `duplicate` and credits nothing. With `dryRun` nothing is written.
 */
export async function recordCompletions(
  db: Db,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  options: { dryRun?: boolean; alongside?: (tx: DbTransaction) => Promise<void> } = {},
): Promise<ClaimOutcome[]> {
  if (options.dryRun) return resolveClaims(db, ctx, claims);
  return db.transaction(async (tx) => {
    await lockTenantHours(tx, ctx.tenantId);
    const outcomes = await recordClaimsLocked(tx, ctx, claims);
    // Other facts of the same batch (whole-course completions) commit or roll back with the hours.
    await options.alongside?.(tx);
    return outcomes;
  });
}

/** One writer per tenant at a time, so two concurrent feeds cannot both credit the same course. */
export async function lockTenantHours(tx: DbTransaction, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'hours:' + tenantId}, 0))`);
}

/** Resolves and writes one batch of claims in the caller's transaction, which holds `lockTenantHours`. */
export async function recordClaimsLocked(
  tx: DbTransaction,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  scope: BatchScope = {},
): Promise<ClaimOutcome[]> {
  // A file's previous batch may still be COPYing on `tx` (bulk-credit.ts): a statement waits for those COPYs, and
  // only when one is needed. A batch read ahead in full (read-ahead.ts) is resolved and planned meanwhile.
  const settled = { ...scope, beforeStatement: () => settleCopies(tx) };
  // A batch runs each lookup and write once over thousands of keys: compiling the plans (JIT, from the estimated
  // costs of the lookups' sub-plans) cost more than running them (268 ms of a 306 ms lookup, measured). A file
  // import turns it off once for its whole transaction.
  if (claims.length >= COPY_FROM_ROWS && scope.importId === undefined) {
    await settleCopies(tx);
    await tx.execute(sql`set local jit = off`);
  }
  const outcomes = await resolveClaims(tx, ctx, claims, settled);
  await writeOutcomes(tx, ctx, claims, outcomes, settled);
  return outcomes;
}

/** Counts of outcomes, for reports and API answers. */
export function summarise(outcomes: readonly ClaimOutcome[]) {
  const counts = { created: 0, would_create: 0, unchanged: 0, duplicate: 0, rejected: 0, not_credited: 0, hours: 0 };
  for (const o of outcomes) {
    counts[o.status]++;
    if (o.status === 'created' || o.status === 'would_create') counts.hours += o.hours;
  }
  counts.hours = Math.round(counts.hours * 100) / 100;
  return counts;
}
