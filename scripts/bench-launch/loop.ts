// The launch bench's closed loop: virtual browsers launching one after another against one server for a round,
// with the CPU, commits and statements that round cost per launch.
import { backendCpuSeconds, cpuSeconds, driverCpuSeconds, pidsCpuSeconds, transactions } from './measure';

export type Launch = (userId: number) => Promise<void>;

export interface Target {
  name: string;
  database: string;
  pid: number;
  launch: Launch;
  /** Statements the server has sent so far, when it can say (ltijs's Sequelize logs each one). */
  statements?: () => Promise<number>;
}

export interface RunResult {
  launches: number;
  errors: number;
  firstError?: string;
  seconds: number;
  latencies: number[];
  cpuPerLaunchMs: number;
  /** CPU per launch of the server's PostgreSQL backends and of the driver process (browsers + platform simulator). */
  databaseCpuPerLaunchMs: number;
  driverCpuPerLaunchMs: number;
  transactionsPerLaunch: number;
  statementsPerLaunch?: number;
}

/** How a round is driven: the server's PostgreSQL, the browsers in the closed loop and the users they cycle through. */
export interface RunOptions {
  serverUrl: string;
  concurrency: number;
  users: number;
}

/** One timed round against one server: CONCURRENCY browsers launching back to back until `seconds` have passed. */
export async function run(target: Target, seconds: number, o: RunOptions): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let nextUser = 0;
  const cpuBefore = cpuSeconds(target.pid);
  const xactBefore = await transactions(o.serverUrl, target.database);
  const statementsBefore = await target.statements?.();
  const backendsBefore = await backendCpuSeconds(o.serverUrl, target.database);
  const driverBefore = driverCpuSeconds();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const browser = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await target.launch((nextUser++ % o.users) + 10);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, browser));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  const driverCpu = driverCpuSeconds() - driverBefore;
  const backends = await backendCpuSeconds(o.serverUrl, target.database);
  const backendPids = [...new Set([...backendsBefore.pids, ...backends.pids])];
  const databaseCpu = pidsCpuSeconds(backendPids) - backendsBefore.seconds;
  const xact = (await transactions(o.serverUrl, target.database)) - xactBefore;
  const statementsAfter = await target.statements?.();
  latencies.sort((a, b) => a - b);
  const n = Math.max(latencies.length, 1);
  return {
    launches: latencies.length,
    errors,
    firstError,
    seconds: elapsed,
    latencies,
    cpuPerLaunchMs: (cpu * 1000) / n,
    databaseCpuPerLaunchMs: (databaseCpu * 1000) / n,
    driverCpuPerLaunchMs: (driverCpu * 1000) / n,
    transactionsPerLaunch: xact / n,
    statementsPerLaunch:
      statementsBefore === undefined || statementsAfter === undefined
        ? undefined
        : (statementsAfter - statementsBefore) / n,
  };
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
