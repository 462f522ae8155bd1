import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { partsOf } from './claim-rules';
import { normaliseCourseRef, type CourseMapping } from './course-mappings';
import { KeyFilter } from './key-filter';
import { ledgerRowsByEnrolment, type LedgerRow } from './ledger';
import type { CompletionClaim, FeedContext } from './record';
import { creditedCourses, prefetchTeachers, type PrefetchedTeachers } from './record-lookups';

/**
 * A file's written batch, read ahead on another connection while the import's own connection still writes the
 * batch before it: its teachers, and — when none of the batch's keys or enrolments can have been written by the
 * file's earlier batches — what its enrolments hold already (credited courses, ledger rows). Those are then the
 * committed rows, which the import's connection would read as well: no earlier batch wrote to these enrolments,
 * the import holds the tenant's hours lock (nobody else credits a course meanwhile), and the held ledgers are
 * confirmed before the statuses are written (held-credits.ts). With them the batch is resolved and its write planned
 * before the previous batch's COPYs end (record.ts), instead of after.
 */
export interface BatchAhead {
  teachers: PrefetchedTeachers;
  /** The enrolments whose credited courses and ledger rows were read ahead (none: read on the import's connection). */
  enrolments?: Set<string>;
  credited?: Map<string, string | null>;
  ledgers?: Map<string, LedgerRow[]>;
}

/**
 * What a source's first file has written so far (on a later file other keys are stored, so nothing is read ahead
 * but the teachers). Bloom filters of fixed size: memory does not grow with the file, and a false "maybe" only
 * means the batch is read on the import's connection, as before.
 */
export class FileWrites {
  /** The import keys the file's batches wrote: a key never seen needs no lookup (record.ts). */
  readonly keys = new KeyFilter();
  /** The enrolments the file's batches credited. */
  readonly enrolments = new KeyFilter();
}

export async function readAhead(
  reader: Db,
  ctx: FeedContext,
  claims: readonly CompletionClaim[],
  courses: Map<string, CourseMapping>,
  writes?: FileWrites,
): Promise<BatchAhead> {
  const teachers = await prefetchTeachers(
    reader,
    ctx,
    claims.map((c) => c.teacher),
  );
  // A below-pass row needs its programme's rule, read on the import's connection.
  if (!writes || claims.some((c) => c.belowPass)) return { teachers };
  for (const claim of claims) {
    for (const part of partsOf(claim, courses.get(normaliseCourseRef(claim.courseRef)))) {
      if (writes.keys.mayHave(part.externalId)) return { teachers };
    }
  }
  const enrolments = new Set<string>();
  for (const match of teachers.found.values()) {
    for (const id of match.enrolmentIds) {
      if (writes.enrolments.mayHave(id)) return { teachers };
      enrolments.add(id);
    }
  }
  const ids = [...enrolments];
  // Without JIT, as in the import's transaction: compiling these plans costs more than running them (record.ts).
  return reader.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    const credited = await creditedCourses(tx, ctx.tenantId, ids);
    const ledgers = await ledgerRowsByEnrolment(tx, ids);
    return { teachers, enrolments, credited, ledgers };
  });
}
