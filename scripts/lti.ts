// `npm run lti -- <command>`: register platforms (LMS sites) by hand, list and disable them, mint one-time dynamic
// registration links, create admin API keys, rotate the tool's keys, and print the values to paste into Moodle.
// Uses the same DATABASE_URL / DATA_DIR / PUBLIC_URL as the server and applies pending migrations first; while the
// tool runs on the embedded database it goes through the tool's admin API (--url/--key) or refuses (lti-db.ts).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../lti-tool/server/config';
import type { Database, Db } from '../lti-tool/server/db/client';
import { migrate } from '../lti-tool/server/db/migrate';
import { ToolKeyStore } from '../lti-tool/server/lti/tool-keys';
import { keyEncryptionSecret } from '../lti-tool/server/secrets';
import { moodleEndpoints, registerPlatform } from '../lti-tool/server/services/platform-admin';
import { ERRORS } from '../shared/errors';
import { DomainError } from '../lti-tool/server/services/errors';
import { COURSE_USAGE, CourseReportedFailure, CourseUsageError, runCourseCommand } from './lti-courses';
import { DatabaseOwnedError, openCliDatabase } from './lti-db';
import { localOps, remoteOps, type AdminOps } from './lti-ops';
import { toolUrls } from '../lti-tool/server/urls';
import { describeOrgImport } from './lti-report';

const USAGE = `用法 / usage: npm run lti -- <command> [options]
  setup                                   显示需在 Moodle 中填写的地址 / values to paste into Moodle
  register --tenant <slug> --name <name> --moodle <wwwroot> --client-id <id> --deployment-id <id>[,<id>…]
           (or --issuer <url> --auth-url <url> --token-url <url> --jwks-url <url> instead of --moodle)
  add-deployment --platform <uuid> --deployment-id <id>
  list                                    列出已注册的平台 / list registered platforms
  disable --platform <uuid> | enable --platform <uuid>
  registration-link --tenant <slug> [--hours 24]   一次性动态注册链接 / one-time dynamic registration link
  api-key --name <name> [--tenant <slug>]  新建管理 API 密钥 / create an admin API key
  rotate-keys                             轮换工具密钥 / rotate the tool's signing keys
  activity [--failures] [--tenant <slug>]  成绩回传、名单同步与导入记录 / recent deliveries, roster syncs, imports
  check --platform <uuid>                 检查连接（经运行中的工具）/ check a platform's JWKS and token endpoint
  org-template --out <file.xlsx|file.csv> [--lang zh|en]   组织机构导入模板 / organisation import template
  org-import --file <file.xlsx|file.csv> [--tenant <slug>] [--apply]
           预览（默认）或导入组织机构树 / preview (default) or, with --apply, import the organisation tree
${COURSE_USAGE}
While the tool runs on the embedded database, go through it: --url <tool URL> --key <admin key>
(or LTI_ADMIN_URL / LTI_ADMIN_KEY); register and rotate-keys need the tool stopped (or PostgreSQL).
工具运行时（嵌入式数据库）请通过管理接口执行：--url 与 --key（或环境变量 LTI_ADMIN_URL / LTI_ADMIN_KEY）。`;

type Out = (line: string) => void;

const OPTIONS = {
  tenant: { type: 'string' },
  'tenant-name': { type: 'string' },
  name: { type: 'string' },
  moodle: { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'deployment-id': { type: 'string' },
  'auth-url': { type: 'string' },
  'token-url': { type: 'string' },
  'jwks-url': { type: 'string' },
  platform: { type: 'string' },
  hours: { type: 'string' },
  url: { type: 'string' },
  key: { type: 'string' },
  file: { type: 'string' },
  out: { type: 'string' },
  lang: { type: 'string' },
  apply: { type: 'boolean' },
  failures: { type: 'boolean' },
  course: { type: 'string' },
  ability: { type: 'string' },
  programme: { type: 'string' },
  title: { type: 'string' },
  kind: { type: 'string' },
  source: { type: 'string' },
  'effective-date': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function required(values: Values, name: keyof Values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`缺少参数 / missing option --${name}`);
  return value;
}

class UsageError extends Error {}
/** The failure is already printed (a report); only the exit code is left to set. */
class ReportedFailure extends Error {}

/** Commands that need the database itself (not offered through the admin API). */
const LOCAL_ONLY = new Set(['register', 'rotate-keys']);

async function run(command: string, values: Values, ops: AdminOps, db: Db | undefined, config: Config, out: Out) {
  if (await runCourseCommand(command, values, ops, out)) return;
  switch (command) {
    case 'register': {
      const endpoints = values.moodle
        ? moodleEndpoints(values.moodle)
        : {
            issuer: required(values, 'issuer'),
            authLoginUrl: required(values, 'auth-url'),
            accessTokenUrl: required(values, 'token-url'),
            jwksUrl: required(values, 'jwks-url'),
          };
      const platform = await registerPlatform(db!, {
        tenant: required(values, 'tenant'),
        tenantName: values['tenant-name'],
        name: required(values, 'name'),
        clientId: required(values, 'client-id'),
        deploymentIds: required(values, 'deployment-id')
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean),
        ...endpoints,
      });
      out(`已注册 / registered: ${platform.id} (${platform.issuer}, client_id ${platform.clientId})`);
      return;
    }
    case 'add-deployment':
      await ops.addDeployment(required(values, 'platform'), required(values, 'deployment-id'));
      out('已添加部署 / deployment added');
      return;
    case 'list': {
      const platforms = await ops.list();
      if (platforms.length === 0) out('尚无注册的平台 / no platforms registered yet');
      for (const p of platforms) {
        const deployments =
          p.deployments.map((d) => `${d.id}${d.status === 'active' ? '' : ` (${d.status})`}`).join(', ') || '—';
        out(
          `${p.id}  [${p.status}]  ${p.tenant ?? ''}  ${p.name}\n  issuer ${p.issuer}  client_id ${p.clientId}  deployments ${deployments}`,
        );
      }
      return;
    }
    case 'disable':
    case 'enable':
      await ops.setStatus(required(values, 'platform'), command === 'disable' ? 'disabled' : 'active');
      out(command === 'disable' ? '已停用 / disabled' : '已启用 / enabled');
      return;
    case 'registration-link': {
      const hours = Number(values.hours ?? 24);
      if (!Number.isInteger(hours) || hours <= 0 || hours > 168) throw new UsageError('--hours: 1–168');
      const link = await ops.registrationLink({
        tenant: values.tenant,
        tenantName: values['tenant-name'],
        validHours: hours,
      });
      out(link.url);
      out(`单次有效，${link.expiresAt} 前使用 / single use, valid until ${link.expiresAt}`);
      return;
    }
    case 'api-key': {
      const key = await ops.createKey({ tenant: values.tenant, name: required(values, 'name') });
      out(key.secret);
      out('只显示这一次，请妥善保存 / shown only this once: store it safely (revoke it in Admin → API keys)');
      return;
    }
    case 'org-template': {
      const file = required(values, 'out');
      const lang = values.lang === 'en' ? 'en' : 'zh';
      await writeFile(file, await ops.orgTemplate(/\.csv$/i.test(file) ? 'csv' : 'xlsx', lang));
      out(`已写入模板 / template written: ${file}`);
      return;
    }
    case 'org-import': {
      const file = required(values, 'file');
      const report = await ops.importOrganisations({
        tenant: values.tenant,
        bytes: new Uint8Array(await readFile(file)),
        fileName: basename(file),
        dryRun: !values.apply,
      });
      for (const line of describeOrgImport(report)) out(line);
      if (values.apply && !report.applied) throw new ReportedFailure();
      return;
    }
    case 'activity': {
      const { deliveries, runs } = await ops.activity(values.tenant, values.failures === true);
      if (deliveries.length === 0 && runs.length === 0) out('暂无记录 / nothing yet');
      for (const d of deliveries)
        out(
          `${d.createdAt}  成绩回传 / grade  [${d.status}]  attempts ${d.attempts}  ${d.errorCode ?? '—'}  ${d.platformName}  ${d.id}`,
        );
      for (const r of runs)
        out(
          `${r.createdAt}  ${r.kind}  [${r.status}]  ${r.errorCode ?? '—'}  ${r.target}  request ${r.requestId ?? '—'}`,
        );
      return;
    }
    case 'check': {
      const { reachability: r } = await ops.check(required(values, 'platform'));
      const label = { reachable: '可达 / reachable', unreachable: '不可达 / unreachable', unknown: '未检查 / unknown' };
      out(label[r.state]);
      if (r.state === 'unreachable') out(`${r.lastFailedAt}  ${r.failedEndpoint ?? ''}  ${r.reason ?? ''}`);
      if (r.state === 'unreachable') throw new ReportedFailure();
      return;
    }
    case 'rotate-keys': {
      const keys = new ToolKeyStore(db!, await keyEncryptionSecret(config));
      await keys.ensure();
      const rotated = await keys.rotate();
      out(
        `当前密钥 / current key: ${rotated.current}; 下一密钥 / next key: ${rotated.next}; 已退役 / retired: ${rotated.retired.join(', ') || '—'}`,
      );
      return;
    }
    default:
      throw new UsageError(`未知命令 / unknown command: ${command || '(none)'}`);
  }
}

/** Exit code: 0 done, 1 failed, 2 bad usage, 3 the running tool owns the database (instructions printed). */
export async function main(
  argv: string[],
  out: Out = console.log,
  env: NodeJS.ProcessEnv = process.env,
  /** How a local command opens the database (tests hand in one they already migrated). */
  openLocal: (config: Config) => Promise<Database> = openCliDatabase,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    out(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const command = parsed.positionals[0] ?? '';
  if (command === '' || command === 'help') {
    out(USAGE);
    return command === 'help' ? 0 : 2;
  }
  const config = loadConfig(env);
  if (command === 'setup') {
    for (const u of toolUrls(config.publicUrl)) out(`${u.zh} · ${u.en}\n  ${u.url}`);
    out('Moodle: 站点管理 → 插件 → 活动模块 → 外部工具 → 管理工具; LTI 1.3, Public key type = Keyset URL.');
    return 0;
  }
  const url = parsed.values.url ?? env.LTI_ADMIN_URL;
  const key = parsed.values.key ?? env.LTI_ADMIN_KEY;
  let database: Database | undefined;
  try {
    let ops: AdminOps;
    if (url || key) {
      if (!url || !key)
        throw new UsageError('--url 与 --key 需同时提供 / give both --url and --key (LTI_ADMIN_URL, LTI_ADMIN_KEY)');
      if (LOCAL_ONLY.has(command)) {
        throw new UsageError(
          `${command}: 不能通过管理接口执行；请在管理页面操作（动态注册链接），或停止工具后不带 --url/--key 执行 / not available through the admin API: use the admin screen, or stop the tool and run it without --url/--key`,
        );
      }
      ops = remoteOps(url, key);
    } else {
      database = await openLocal(config);
      await migrate(database.db);
      ops = localOps(database.db, config.publicUrl);
    }
    await run(command, parsed.values, ops, database?.db, config, out);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof CourseUsageError) {
      out(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ReportedFailure || err instanceof CourseReportedFailure) return 1;
    if (err instanceof DatabaseOwnedError) {
      out(err.message);
      return 3;
    }
    if (err instanceof DomainError) {
      const details = err.details === undefined ? '' : ` ${JSON.stringify(err.details)}`;
      out(`失败 / failed: ${ERRORS[err.code].zh} / ${ERRORS[err.code].en}${details}`);
      return 1;
    }
    out(`失败 / failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await database?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
