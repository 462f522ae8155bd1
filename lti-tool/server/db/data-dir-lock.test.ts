import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, processStartTime } from './data-dir-lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('acquireDataDirLock', () => {
  it('records pid and start time, refuses a second holder in Chinese and English, and frees on release', async () => {
    const path = join(dir, 'pglite.lock');
    const release = await acquireDataDirLock(path);
    const owner = JSON.parse(await readFile(path, 'utf8')) as { pid: number; startTime: string };
    expect(owner.pid).toBe(process.pid);
    expect(owner.startTime).toBe(processStartTime(process.pid));

    const second = await acquireDataDirLock(path).catch((err: unknown) => err);
    expect(second).toBeInstanceOf(DataDirLockedError);
    expect((second as Error).message).toMatch(/数据目录正被另一个进程/);
    expect((second as Error).message).toMatch(/admin API/);

    await release();
    const again = await acquireDataDirLock(path);
    await again();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const path = join(dir, 'pglite.lock');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(path, JSON.stringify({ pid: dead, startTime: '1', host: hostname(), since: 'earlier' }));
    const release = await acquireDataDirLock(path);
    expect((JSON.parse(await readFile(path, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    await release();
  });

  it('takes over a lock whose pid now belongs to a different process (pid reuse)', async () => {
    const path = join(dir, 'pglite.lock');
    await writeFile(path, JSON.stringify({ pid: process.pid, startTime: 'not-mine', host: hostname(), since: 'x' }));
    const release = await acquireDataDirLock(path);
    await release();
  });
});
