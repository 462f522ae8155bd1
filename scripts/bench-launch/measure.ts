// The launch bench's measuring tools: ports, scratch databases, CPU of a process tree and of PostgreSQL backends
// (from /proc), commits per database, and child processes started until they say they are ready.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { quoteIdentifier, urlForDatabase } from '../../test/setup/template-info';
import { withAdminClient } from '../../test/setup/postgres-template';

export { freePort } from '../../test/scale/tool-processes';

export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  await withAdminClient(serverUrl, async (admin) => {
    await admin.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
    await admin.query(`create database ${quoteIdentifier(name)}`);
  });
  return urlForDatabase(serverUrl, name);
}

/** Transactions committed or rolled back in one database so far (statistics are flushed within a second). */
export async function transactions(serverUrl: string, database: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return withAdminClient(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ n: string }>(
      'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
      [database],
    );
    return Number(rows[0]?.n ?? 0);
  });
}

/** CPU seconds (user + system) used so far by a process and all its descendants (cluster workers). */
export function cpuSeconds(rootPid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while we looked
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, { ppid }] of stats)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** CPU seconds used so far by the PostgreSQL backends connected to one database (the server's pool). */
export async function backendCpuSeconds(
  serverUrl: string,
  database: string,
): Promise<{ pids: number[]; seconds: number }> {
  const pids = await withAdminClient(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
      database,
    ]);
    return rows.map((r) => r.pid);
  });
  return { pids, seconds: pidsCpuSeconds(pids) };
}

export function pidsCpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the backend ended
    }
  }
  return ticks / 100;
}

/** This process's CPU seconds: the driver's browsers and the platform simulator. */
export const driverCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export function startProcess(label: string, args: string[], env: NodeJS.ProcessEnv, ready: (line: string) => boolean) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = new Promise<ChildProcess>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').some(ready)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${label} exited (${code}) before it was ready:\n${output}`)));
  });
  return started;
}
