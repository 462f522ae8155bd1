import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

// An embedded PGlite data directory belongs to one process: two writers would corrupt it. The lock file records
// who holds it (pid, that process's start time, host) so a lock left by a crashed process is recognised as stale,
// even when the pid has since been reused by another process.

interface LockOwner {
  pid: number;
  startTime: string;
  host: string;
  since: string;
}

/** Raised when another live process holds the data directory. The message is bilingual and says what to do. */
export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner,
  ) {
    super(
      `数据目录正被另一个进程（pid ${owner.pid}，自 ${owner.since} 起）使用：内嵌数据库同一时间只能由一个进程打开。` +
        `请通过正在运行的服务器的管理接口（admin API，例如 npm run lti 命令配合管理员密钥）操作，或先停止该服务器。\n` +
        `The data directory is in use by another process (pid ${owner.pid}, since ${owner.since}): the embedded ` +
        `database can be opened by one process at a time. Use the running server's admin API (e.g. npm run lti with ` +
        `an admin key), or stop that server first. Lock file: ${lockPath}`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** The kernel's start time of `pid` (clock ticks since boot, from /proc), or '' where /proc is not available. */
export function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may hold spaces, so count from after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // a lock from another machine (shared disk) is never taken over
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = processStartTime(owner.pid);
  return now === '' || owner.startTime === '' || now === owner.startTime;
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined; // gone, or half-written by a process that died while writing it
  }
}

/**
 * Takes the lock at `lockPath` for this process, replacing a stale one. Throws DataDirLockedError while another live
 * process (or this one, through another open) holds it. Returns the release function.
 */
export async function acquireDataDirLock(lockPath: string): Promise<() => Promise<void>> {
  const me: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: hostname(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return async () => {
        const owner = await readOwner(lockPath);
        if (owner?.pid === me.pid && owner.since === me.since) await unlink(lockPath).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(lockPath);
    if (owner && isAlive(owner)) throw new DataDirLockedError(lockPath, owner);
    await unlink(lockPath).catch(() => undefined);
  }
  throw new Error(`could not take the data directory lock ${lockPath}`);
}
