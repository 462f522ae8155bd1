import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
    await vi.waitFor(() => expect(existsSync(join(tmp(), 'killed-a'))).toBe(false), { timeout: 10_000 });
    expect(existsSync(join(tmp(), 'killed-b'))).toBe(false);
    expect(existsSync(join(tmp(), 'still-being-written'))).toBe(true);
  });
});
