import type { Logger } from '../logger';

export interface Job {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs background jobs on intervals inside the tool process. Work lives in the database (leases, `skip locked`),
 * so several processes can run the same jobs. A job never overlaps itself, and `stop()` waits for running work.
 */
export function startJobs(jobs: Job[], logger: Logger) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;
  const tick = (job: Job) => {
    if (stopped || running.has(job.name)) return;
    const work = job
      .run()
      .catch((err: unknown) => logger.error('job failed', { job: job.name, err }))
      .finally(() => running.delete(job.name));
    running.set(job.name, work);
  };
  for (const job of jobs) timers.push(setInterval(() => tick(job), job.intervalMs));
  return {
    /** Run a job now (e.g. right after a score was queued) instead of waiting for its interval. */
    nudge(name: string) {
      const job = jobs.find((j) => j.name === name);
      if (job) tick(job);
    },
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.allSettled(running.values());
    },
  };
}
