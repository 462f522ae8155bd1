import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startJobs } from '../../lti-tool/server/jobs/runner';
import { SWEEP_INTERVAL_MS, sweepTemporaryJob } from '../../lti-tool/server/jobs/sweep-temporary';
import { createLogger } from '../../lti-tool/server/logger';
import { createBlobStore, STALE_UPLOAD_MS } from '../../lti-tool/server/storage';
import { createTestDatabaseUrl, seedPgliteDirectory } from '../helpers/db';
import { freePort, startToolProcess, type ToolProcess } from '../scale/tool-processes';

// What a `kill -9` mid-upload leaves in DATA_DIR/files/tmp: the real server (main.ts) removes the stale partial
// files as it starts, and leaves a fresh one alone (another process on the same folder may still be writing it).
describe('temporary uploads left by a crash', () => {
  let dataDir: string;
  let tool: ToolProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  const tmp = () => join(dataDir, 'files', 'tmp');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sweep-'));
    await mkdir(tmp(), { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    for (const name of ['killed-a', 'killed-b']) {
      await writeFile(join(tmp(), name), Buffer.alloc(4096, 7));
      await utimes(join(tmp(), name), twoHoursAgo, twoHoursAgo);
    }
    await writeFile(join(tmp(), 'still-being-written'), Buffer.alloc(4096, 8));
    const postgres = await createTestDatabaseUrl();
    drop = postgres?.drop;
    if (!postgres) await seedPgliteDirectory(join(dataDir, 'pglite'));
    tool = await startToolProcess(await freePort(), {
      DATA_DIR: dataDir,
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    });
  });
  afterAll(async () => {
    await tool?.stop();
    await drop?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are swept at start-up once an hour old; a fresh one stays', async () => {
    // The sweep removes one file after another: wait for both, or a busy machine sees the first gone and not yet
    // the second.
    await vi.waitFor(
      () => expect([existsSync(join(tmp(), 'killed-a')), existsSync(join(tmp(), 'killed-b'))]).toEqual([false, false]),
      { timeout: 10_000 },
    );
    expect(existsSync(join(tmp(), 'still-being-written'))).toBe(true);
  });
});

// The same sweep keeps running: every 15 minutes each process removes what has gone stale since (a crash of another
// process on the same folder), on the job runner's own interval, with the clock moved instead of waited for.
describe('the temporary sweep every 15 minutes', () => {
  let dataDir: string;
  const tmp = () => join(dataDir, 'files', 'tmp');
  const leaveStale = async (name: string) => {
    await writeFile(join(tmp(), name), Buffer.alloc(1024, 1));
    const old = new Date(Date.now() - STALE_UPLOAD_MS - 60_000);
    await utimes(join(tmp(), name), old, old);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sweep-repeat-'));
    await mkdir(tmp(), { recursive: true });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('removes what went stale in each interval, not before the interval is up', async () => {
    expect(SWEEP_INTERVAL_MS).toBe(15 * 60_000);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const store = createBlobStore({ dataDir, storage: { kind: 'local' } });
    const lines: string[] = [];
    const jobs = startJobs(
      [
        sweepTemporaryJob(
          () => store,
          createLogger('info', (l) => lines.push(l)),
        ),
      ],
      createLogger('silent'),
    );
    try {
      for (const round of [1, 2, 3]) {
        await leaveStale(`crashed-${round}`);
        await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS - 1_000);
        expect(existsSync(join(tmp(), `crashed-${round}`))).toBe(true);
        await vi.advanceTimersByTimeAsync(1_000);
        await vi.waitFor(() => expect(existsSync(join(tmp(), `crashed-${round}`))).toBe(false));
      }
      expect(lines.filter((l) => l.includes('stale temporary uploads removed'))).toHaveLength(3);
    } finally {
      await jobs.stop();
      vi.useRealTimers();
    }
  });
});
