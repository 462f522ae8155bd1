// The one place where `npm run lti` (and other admin commands) open the database. Two processes must never open
// one embedded (PGlite) data directory: when a running tool owns it, refuse and say how to go on instead.
import type { Config } from '../lti-tool/server/config';
import { openDatabase, type Database } from '../lti-tool/server/db/client';
import { DataDirLockedError } from '../lti-tool/server/db/data-dir-lock';

export class DatabaseOwnedError extends Error {}

export const OWNED_HELP = (config: Config) =>
  [
    `工具正在运行并占用嵌入式数据库（${config.dataDir}）。请任选其一 / The running tool owns the embedded database. Either:`,
    `  1. 通过运行中的工具执行 / go through the running tool: 在“平台管理 → API 密钥”新建密钥，然后`,
    `     LTI_ADMIN_URL=${config.publicUrl} LTI_ADMIN_KEY=lak_… npm run lti -- <command>`,
    `     (或 --url / --key 参数; create a key under Admin → API keys)`,
    `  2. 先停止工具，再执行命令，然后重新启动 / stop the tool, run the command, start it again.`,
  ].join('\n');

/** Does a tool answer on this machine's port with the embedded database? (Its single-owner lock says the same.) */
async function runningToolOwnsDataDir(config: Config): Promise<boolean> {
  if (config.databaseUrl || config.port === 0) return false;
  try {
    const reply = await fetch(`http://127.0.0.1:${config.port}/healthz`, { signal: AbortSignal.timeout(1500) });
    const body = (await reply.json()) as { database?: { kind?: string } };
    return body.database?.kind === 'pglite';
  } catch {
    return false;
  }
}

/** Opens the configured database for a command, or throws DatabaseOwnedError with instructions. */
export async function openCliDatabase(config: Config): Promise<Database> {
  if (await runningToolOwnsDataDir(config)) throw new DatabaseOwnedError(OWNED_HELP(config));
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    // The data directory's single-owner lock (held by a running tool) refuses a second process.
    if (err instanceof DataDirLockedError) throw new DatabaseOwnedError(`${OWNED_HELP(config)}\n(${err.message})`);
    throw err;
  }
}
