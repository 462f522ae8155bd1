import type { Logger } from '../logger';
import { STALE_UPLOAD_MS, type BlobStore } from '../storage';
import type { Job } from './runner';

/** How often each process sweeps the temporary folder (or bucket prefix). */
export const SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * Partial uploads a crash left in the temporary folder (or bucket prefix): nothing references them. Entries untouched
 * for an hour go; a file this process is still writing is never touched (the store tracks those).
 */
export function sweepTemporaryJob(store: () => BlobStore, logger: Logger): Job {
  return {
    name: 'sweep-temporary-uploads',
    intervalMs: SWEEP_INTERVAL_MS,
    run: async () => {
      const removed = await store().sweepTemporary({ olderThanMs: STALE_UPLOAD_MS });
      if (removed > 0) logger.info('stale temporary uploads removed', { removed });
    },
  };
}
