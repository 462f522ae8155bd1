import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** Job tables with the lease columns: status, attempts, lease_until, error, finished_at, created_at. */
export type LeasedJobTable = 'export_jobs' | 'completion_import_jobs';

export interface LeasePolicy {
  seconds: number;
  maxAttempts: number;
  /** The `error` of a job given up after maxAttempts interrupted runs. */
  gaveUp: string;
}

/**
 * Takes the oldest queued job of `table`, or one whose worker stopped renewing its lease (a restart, a `kill -9`),
 * leases it and returns its id. `skip locked` lets several processes claim at once without ever taking the same row.
 * Jobs interrupted `maxAttempts` times are failed first, so a job that kills its worker is not run for ever.
 */
export async function claimLeasedJob(db: Db, table: LeasedJobTable, lease: LeasePolicy): Promise<string | undefined> {
  const jobs = sql.identifier(table);
  await db.execute(sql`
    update ${jobs} set status = 'failed', error = ${lease.gaveUp}, finished_at = now(), lease_until = null
    where status = 'running' and lease_until < now() and attempts >= ${lease.maxAttempts}`);
  const result = await db.execute<{ id: string }>(sql`
    update ${jobs} set status = 'running', attempts = attempts + 1,
      lease_until = now() + make_interval(secs => ${lease.seconds})
    where id = (
      select id from ${jobs}
      where status = 'queued' or (status = 'running' and lease_until < now() and attempts < ${lease.maxAttempts})
      order by created_at
      for update skip locked
      limit 1)
    returning id`);
  return result.rows[0]?.id;
}
