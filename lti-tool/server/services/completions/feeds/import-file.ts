import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ImportReportItem, ImportReportReply } from '../../../../../shared/api/completions';
import type { Db, DbTransaction } from '../../../db/client';
import { completionImports } from '../../../db/schema';
import type { AuditActor } from '../../audit';
import { detectLayout, fileMappingSchema, readCompletions, type FileItem, type FileMapping } from '../files/layouts';
import { loadCourseIndex, type CourseMapping } from '../course-mappings';
import { recordCourseFacts, type CourseFactOutcome } from '../course-facts';
import { byteSource, sha256Hex, type SheetBytes } from '../files/byte-source';
import { openSheet, UnreadableFileError, type Sheet, type SheetRow, type SheetSource } from '../files/spreadsheet';
import { dateFromLedger, needsLedgerDates } from './ledger-dates';
import { refreshLookupStatistics, sourceHoldsCompletions } from '../record-lookups';
import { FileWrites, readAhead, type BatchAhead } from '../read-ahead';
import { freeReader } from '../../../db/free-reader';
import {
  lockEnrolments,
  readStatusRefresh,
  refreshTeacherStatuses,
  writeStatusRefresh,
} from '../../teacher-status/refresh';
import { settleCopies } from '../../../db/bulk-copy';
import { COPY_FROM_ROWS } from '../bulk-credit';
import { HeldCredits } from '../held-credits';
import { ledgerMoment } from '../ledger';
import { emptySummary, ImportReportCollector, ITEMS_PER_KIND } from './import-report';
import { itemKind, reportItem, wholeCourseFacts } from './import-items';
import {
  lockTenantHours,
  recordClaimsLocked,
  resolveClaims,
  type ClaimOutcome,
  type CompletionClaim,
  type FeedContext,
  type Recorder,
} from '../record';
import { rememberColumnMapping, sourceUtcOffset, type CompletionSource } from '../sources';

/** A batch read from the file, with what is being read ahead for it (read-ahead.ts). */
interface ReadBatch {
  items: FileItem[];
  ahead?: Promise<BatchAhead>;
}

/** A batch's COPYs, planned and not started (bulk-credit.ts planCopyCredits). */
type DeferredWrite = (tx: DbTransaction) => Promise<void>;

// The report is the import routes' reply: its shape is the contract's (`importReportReply` in shared/api).
export type ImportReport = ImportReportReply;
export type { ImportReportItem };

export interface ImportFileInput {
  tenantId: string;
  source: CompletionSource;
  /** The file: an upload's buffer, or a file on disk read by range (`fileSource`, the CLI). */
  bytes: SheetBytes;
  fileName: string;
  /** Overrides the source's remembered mapping, field by field. */
  mapping?: Partial<FileMapping>;
  dryRun?: boolean;
  /** Rows per batch (default IMPORT_BATCH_ROWS). */
  batchRows?: number;
  /** Data rows a file may hold (default MAX_SHEET_ROWS; benchmarks raise it). */
  maxRows?: number;
  /** Credited enrolments gathered before their statuses are refreshed (default REFRESH_EVERY; tests lower it). */
  refreshEvery?: number;
  /** Called after each batch with the items processed so far (progress, benchmarks). */
  onBatch?: (items: number) => void;
  recorder: Recorder;
  actor: AuditActor;
}

/** A batch past the first that the layout cannot read: the transaction is rolled back. */
class LateFileProblem extends Error {}

/** From this many rows on, the lookups' planner statistics are refreshed before the first batch (record-lookups). */
const ANALYZE_FROM_ROWS = 5_000;

/** Rows read between two turns of the event loop (readBatch). */
const READ_SLICE_ROWS = 1_000;

/** Rows read, resolved and written at a time: bounds the import's memory whatever the file's length. */
export const IMPORT_BATCH_ROWS = 10_000;

/**
 * Credited enrolments collected across batches before their teacher_status rows are refreshed together. A refresh
 * holds its enrolments' locked rows and records until it has evaluated them all: 100,000 held ~250 MB more heap at
 * the end of a 1,000,000-row file, 25,000 keep the whole import within ~130 MB (scripts/bench-import/heap.ts).
 */
const REFRESH_EVERY = 25_000;

/**
 * Imports a completion export: reads the sheet in batches, detects the layout (or uses the mapping), resolves every
 * row against the tenant's teachers and course catalogue, and — unless `dryRun` — records completions and credits
 * hours. All batches are written in one transaction: a file is imported whole or not at all. Re-importing the same
 * or a newer export never doubles hours (stable external ids per teacher and course). The report counts every row
 * and lists the first rows of each kind. The mapping that worked is remembered on the source.
 */
export async function importCompletionFile(db: Db, input: ImportFileInput): Promise<ImportReport> {
  if (input.source.tenantId !== input.tenantId) throw new Error('source of another tenant');
  const sha256 = sha256Hex(input.bytes);
  const remembered = fileMappingSchema.safeParse(input.source.columnMapping);
  const mapping = fileMappingSchema.parse({ ...(remembered.success ? remembered.data : {}), ...input.mapping });
  const dryRun = input.dryRun ?? false;
  const batchRows = input.batchRows ?? IMPORT_BATCH_ROWS;
  const base = {
    dryRun,
    importId: null,
    file: { name: input.fileName, sha256, format: 'unknown', bytes: byteSource(input.bytes).size },
    mapping,
    itemsPerKind: ITEMS_PER_KIND,
    itemsOmitted: 0,
    batchRows,
  };
  const refused = (fileIssues: string[], format = 'unknown', rows = 0): ImportReport => ({
    ...base,
    file: { ...base.file, format },
    layout: null,
    fileIssues,
    warnings: [],
    summary: emptySummary(rows),
    items: [],
  });
  let sheet: SheetSource;
  try {
    sheet = await openSheet(input.bytes, input.fileName, input.maxRows);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    return refused([`无法读取文件 / unreadable file: ${err.message}`]);
  }
  // Over the row limit nothing is imported: its rows are counted, not resolved, validated or reported one by one.
  if (sheet.tooManyRows) return refused(sheet.problems, sheet.format);
  const utcOffset = sourceUtcOffset(input.source);
  // The caller's mapping wins; the remembered one applies where it fits this file (a source may send several
  // Moodle reports: the detected layout beats a remembered one, a remembered column must exist in the header).
  const effective: FileMapping = { ...mapping };
  if (input.mapping?.layout === undefined) effective.layout = detectLayout(sheet.header) ?? mapping.layout;
  if (input.mapping?.teacherColumn === undefined && effective.teacherColumn !== undefined) {
    if (!sheet.header.includes(effective.teacherColumn)) {
      delete effective.teacherColumn;
      delete effective.teacherBy;
    }
  }
  const importId = randomUUID();
  const readContext = { fileName: input.fileName, fileSha256: sha256, utcOffset, importId };
  const sheetOf = (rows: SheetRow[]): Sheet => ({
    format: sheet.format,
    header: sheet.header,
    rows,
    problems: [],
    width: sheet.width,
  });
  // Layout, mapping and the problems of the file as a whole come from its header and first batch (a layout may
  // tell its columns by their content).
  // Batches of even size (at most batchRows): no short last batch, whose write is the one the status refresh's
  // evaluation overlaps (refreshLast).
  const evenRows = Math.ceil(sheet.rows / Math.max(1, Math.ceil(sheet.rows / batchRows))) || 1;
  const batches = sheet.batches(evenRows)[Symbol.iterator]();
  // Planner statistics for a large file's lookups, taken before the import's transaction (ANALYZE holds its lock
  // until the end of the transaction it runs in: inside the import it would make every other tenant's large import
  // wait for this one to commit), and while the first batch is read: sent first, then that batch is read.
  const statistics = sheet.rows >= ANALYZE_FROM_ROWS ? refreshLookupStatistics(db) : undefined;
  statistics?.catch(() => {}); // awaited before the first batch is written
  if (statistics) await new Promise<void>((resolve) => setImmediate(resolve));
  const first = batches.next();
  const probe = readCompletions(sheetOf(first.done ? [] : first.value), effective, readContext);
  const fileIssues = [...sheet.problems, ...probe.fileIssues];
  const ctx: FeedContext = {
    tenantId: input.tenantId,
    sourceKind: 'file',
    sourceId: input.source.id,
    programmeInstanceId: input.source.programmeInstanceId,
    platformId: input.source.platformId,
    recorder: input.recorder,
    actor: input.actor,
    utcOffset,
    belowPassApproved: mapping.approveBelowPass === true,
  };
  const write = !dryRun && fileIssues.length === 0;
  const collector = new ImportReportCollector();
  const warnings = new Set<string>(probe.warnings);
  // A preview writes nothing, so it carries the keys it has seen from batch to batch; a written batch is in the
  // database, where the next batch finds it (BatchScope in record.ts).
  const seen = write ? undefined : { external: new Set<string>(), course: new Set<string>(), facts: new Set<string>() };
  // Credited teachers' statuses are refreshed once for many batches (a teacher may be in every batch), before the
  // transaction commits; at most REFRESH_EVERY enrolments are held, so memory does not grow with the file.
  const refreshLater = new Set<string>();
  // The credited teachers' ledgers as they stood before the file, plus what it wrote (held-credits.ts): the
  // refresh evaluates these instead of reading every credit back. Made when the transaction starts.
  let held: HeldCredits | undefined;
  // The source's first file: no part can be stored under its other id form (resolveClaims). Known before batch 1.
  let nothingStoredBefore = false;
  // On that first file, the keys and enrolments its written batches stored (read-ahead.ts): the others need no lookup.
  let fileWrites: FileWrites | undefined;
  const refreshPending = async (handle: Db, atLeast: number) => {
    if (refreshLater.size === 0 || refreshLater.size < atLeast) return;
    await settleCopies(handle);
    const ids = [...refreshLater];
    refreshLater.clear();
    // Locked before the ledgers are confirmed: a teacher's other writer commits first or waits for the import.
    const locked = await lockEnrolments(handle, ids);
    await held?.confirm(handle, ids);
    await refreshTeacherStatuses(handle, ids, {
      locked,
      ...(held ? { knownHours: held } : {}),
    });
    held?.clear();
  };

  // The last batch's COPYs, planned but not started (recordClaimsLocked's deferWrite).
  let deferred: DeferredWrite | undefined;
  /**
   * The end of the file: the credited teachers' statuses. When the last batch's write was deferred, the refresh
   * locks and reads first, then the last COPYs start and the statuses are evaluated while the server writes them;
   * the held ledgers are confirmed once everything is written, and a teacher whose ledger another writer added to
   * meanwhile is refreshed again from the ledger itself.
   */
  const refreshLast = async (handle: Db) => {
    const start = deferred;
    deferred = undefined;
    if (!start || !held?.holding || refreshLater.size === 0) {
      if (start) {
        await settleCopies(handle);
        await start(handle as DbTransaction);
      }
      return refreshPending(handle, 1);
    }
    const heldCredits = held;
    await settleCopies(handle);
    const ids = [...refreshLater];
    refreshLater.clear();
    const locked = await lockEnrolments(handle, ids);
    // Locked: another writer's rows are committed now. The ledgers read ahead are confirmed on another connection
    // while this one writes (held-credits.ts); a failed count is made below, on this one.
    const reader = freeReader(db);
    const aheadChanged = reader ? heldCredits.confirmReadAhead(reader, ids) : Promise.resolve([]);
    aheadChanged.catch(() => {});
    const reads = await readStatusRefresh(handle, locked, heldCredits);
    await start(handle as DbTransaction);
    await writeStatusRefresh(handle, reads);
    const changed = new Set(await aheadChanged.catch(() => []));
    for (const id of await heldCredits.confirm(handle, ids)) changed.add(id);
    if (changed.size) {
      await refreshTeacherStatuses(handle, [...changed], { locked: locked.filter((r) => changed.has(r.id)) });
    }
    heldCredits.clear();
  };

  const runBatch = async (
    handle: Db,
    courses: Map<string, CourseMapping>,
    { items, ahead }: ReadBatch,
    last = false,
  ) => {
    // The previous batch's COPYs ran while this batch was read and may still run: they end before this batch's
    // first statement on the connection (one at a time: node-postgres's own queue is deprecated), and a batch read
    // ahead in full has none before its own write (recordClaimsLocked).
    if (write && needsLedgerDates(items)) await settleCopies(handle);
    await dateFromLedger(handle, ctx, items, courses);
    const facts = wholeCourseFacts(courses, items, importId);
    const claims: CompletionClaim[] = [];
    for (const item of items) if (item.claim) claims.push(item.claim);
    let factOutcomes: CourseFactOutcome[];
    let outcomes: ClaimOutcome[];
    if (write) {
      outcomes = await recordClaimsLocked(handle as DbTransaction, ctx, claims, {
        courses,
        importId,
        nothingStoredBefore,
        ...(fileWrites ? { fileWrites } : {}),
        ...(ahead ? { ahead } : {}),
        refreshLater,
        ...(held ? { heldCredits: held } : {}),
        // The last batch is written after the status refresh's reads (refreshLast).
        ...(last && held && facts.length === 0 ? { deferWrite: (start: DeferredWrite) => (deferred = start) } : {}),
      });
      // Whole-course completions commit or roll back with the hours.
      if (facts.length) await settleCopies(handle);
      factOutcomes = await recordCourseFacts(
        handle,
        ctx,
        facts.map((f) => f.fact),
      );
    } else {
      factOutcomes = await recordCourseFacts(
        handle,
        ctx,
        facts.map((f) => f.fact),
        { dryRun: true, ...(seen ? { seen: seen.facts } : {}) },
      );
      outcomes = await resolveClaims(handle, ctx, claims, { courses, nothingStoredBefore, ...(seen ? { seen } : {}) });
    }
    // A whole course the catalogue does not map: its completion is recorded, no hours (the activities carry them).
    facts.forEach(({ item }, i) => {
      const o = factOutcomes[i];
      if (!item.claim && o?.status === 'rejected') item.issues.push(...o.issues);
    });
    collector.addOutcomes(outcomes);
    collector.addCourseFacts(
      factOutcomes.filter((o) => o.status === 'recorded' || o.status === 'would_record').length,
      factOutcomes.filter((o) => o.status === 'unchanged').length,
    );
    let next = 0;
    for (const item of items) {
      const outcome = item.claim && !item.skipped ? outcomes[next++] : undefined;
      const [status, codes] = itemKind(item, outcome);
      collector.add(status, codes, () => reportItem(item, outcome));
    }
  };

  const runAll = async (handle: Db) => {
    if (probe.fileIssues.length > 0) return; // nothing can be read row by row
    const courses = await loadCourseIndex(handle, input.tenantId);
    nothingStoredBefore = !(await sourceHoldsCompletions(handle, ctx));
    if (nothingStoredBefore && write) fileWrites = new FileWrites();
    // The next batch's rows are cut before a batch runs, so that the last one is known as such (its write waits for
    // the refresh's reads); they are read (parsed, validated) after it, while its COPYs run.
    let next = batches.next();
    await runBatch(handle, courses, { items: probe.items }, next.done === true);
    probe.items = [];
    input.onBatch?.(collector.summary(sheet.rows).items);
    while (!next.done) {
      const rows = next.value;
      next = batches.next();
      const batch = await readBatch(rows, courses);
      if (!batch) continue;
      await runBatch(handle, courses, batch, next.done === true);
      if (!next.done) await refreshPending(handle, input.refreshEvery ?? REFRESH_EVERY);
      input.onBatch?.(collector.summary(sheet.rows).items);
    }
    await refreshLast(handle);
  };
  /**
   * A batch's rows as the layout reads them, or undefined when it cannot read them (a preview goes on). The rows are
   * read a slice at a time with a turn of the event loop in between: the COPYs of the batch before, started ahead,
   * are fed their rows meanwhile (read in one go, the server waited for Node ~0.15 s a batch). A written batch's
   * teachers are then looked up at once on another connection when the pool has one free (db/free-reader.ts).
   */
  const readBatch = async (rows: SheetRow[], courses: Map<string, CourseMapping>): Promise<ReadBatch | undefined> => {
    const items: FileItem[] = [];
    for (let at = 0; at < rows.length; at += READ_SLICE_ROWS) {
      if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const reading = readCompletions(sheetOf(rows.slice(at, at + READ_SLICE_ROWS)), effective, readContext, probe);
      for (const w of reading.warnings) warnings.add(w);
      // A later batch the layout cannot read (its columns' content changed): a problem of the file, nothing kept.
      if (reading.fileIssues.length > 0) {
        const row = rows[0]?.row ?? '?'; // the batch is left out from its first row
        fileIssues.push(...reading.fileIssues.map((i) => `第 ${row} 行起 / from row ${row}: ${i}`));
        if (write) throw new LateFileProblem();
        return undefined;
      }
      for (const item of reading.items) items.push(item);
    }
    const reader = write ? freeReader(db) : undefined;
    if (!reader) return { items };
    const claims = items.flatMap((i) => (i.claim ? [i.claim] : []));
    const ahead = readAhead(reader, ctx, claims, courses, fileWrites);
    ahead.catch(() => {}); // a failed read ahead is made again on the import's connection (record.ts)
    return { items, ahead };
  };

  const report = (): ImportReport => ({
    ...base,
    file: { ...base.file, format: sheet.format },
    layout: probe.layout,
    mapping: probe.mapping,
    fileIssues,
    warnings: [...warnings],
    summary: collector.summary(sheet.rows),
    items: collector.items,
    itemsOmitted: collector.omitted,
  });
  await statistics;
  if (!write) {
    await runAll(db);
    return report();
  }
  try {
    return await writeAll();
  } catch (err) {
    if (!(err instanceof LateFileProblem)) throw err;
    // Rolled back: nothing of the file was written, so nothing is counted.
    return { ...refused(fileIssues, sheet.format, sheet.rows), layout: probe.layout, mapping: probe.mapping };
  }

  async function writeAll() {
    return db.transaction(async (tx) => {
      await lockTenantHours(tx, input.tenantId);
      // Each batch runs its lookups and writes once over thousands of keys: compiling their plans (JIT) cost more
      // than running them (record.ts).
      if (sheet.rows >= COPY_FROM_ROWS) await tx.execute(sql`set local jit = off`);
      held = new HeldCredits(await ledgerMoment(tx));
      try {
        await runAll(tx);
        await settleCopies(tx);
      } catch (err) {
        // A COPY still running failed first: its error, not that of a statement queued behind it.
        await settleCopies(tx);
        throw err;
      }
      const done = report();
      await tx.insert(completionImports).values({
        id: importId,
        tenantId: input.tenantId,
        sourceId: input.source.id,
        fileName: input.fileName.slice(0, 500),
        fileSha256: sha256,
        format: `${sheet.format}:${probe.layout}`,
        rowsTotal: sheet.rows,
        completionsCreated: done.summary.created,
        report: { summary: done.summary, warnings: done.warnings, itemsOmitted: done.itemsOmitted },
        recordedByPersonId: input.recorder.personId ?? null,
        recordedBySystem: input.recorder.personId ? null : (input.recorder.system ?? 'system'),
      });
      done.importId = importId;
      // An effective date and an approval belong to this file only: next month's export must not inherit them.
      const kept: FileMapping = { ...probe.mapping };
      delete kept.effectiveDate;
      delete kept.approveBelowPass;
      await rememberColumnMapping(tx, input.tenantId, input.source.id, kept);
      return done;
    });
  }
}
