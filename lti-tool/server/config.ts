import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration from the environment, validated once at boot. A bad value stops the process with a list of every
 * problem (in Chinese and English), not the first one only.
 */
const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  TRUST_PROXY: booleanFlag.default(false),
  KEY_ENCRYPTION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  EGRESS_ALLOW_HOSTS: z.string().optional(),
  EGRESS_ALLOW_HTTP: booleanFlag.optional(),
  DEMO: booleanFlag.optional(),
  LTI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(2400),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_THREAD: z.enum(['worker', 'main']).default('worker'),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  JOB_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  IMPORT_JOB_FROM_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(1024 * 1024),
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanFlag.default(false),
  S3_PREFIX: z.string().max(200).default(''),
});

/** Where evidence files live: the local folder under DATA_DIR (embedded default) or an S3-compatible bucket. */
export type StorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      endpoint?: string;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
      prefix: string;
    };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** The origin (and optional path prefix) platforms and browsers reach the tool at, without a trailing slash. */
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  trustProxy: boolean;
  /** Seals the tool's private keys at rest. Required in production; generated under DATA_DIR otherwise. */
  keyEncryptionSecret: string | undefined;
  /** Outbound requests to platforms: private hosts allowed by name, and plain http for local testing. */
  egress: { allowedPrivateHosts: string[]; allowHttp: boolean };
  /** The local demo platform with seeded data: on by default outside production, never in production. */
  demo: boolean;
  /** Logins and launches per minute per client address (two requests per launch; a school shares one address). */
  ltiRateLimitPerMinute: number;
  /** API requests per minute per platform and user (launch session) or per extension device's user. */
  apiRateLimitPerMinute: number;
  /**
   * HTTP worker processes (node:cluster). On PostgreSQL the default is one per core; the embedded database and the
   * demo platform live in one process, so there it is always 1.
   */
  workers: number;
  /**
   * PostgreSQL connections each process keeps at most (node-postgres pool). With several workers on few cores, fewer
   * connections each can cost PostgreSQL less CPU (fewer backends to switch between); background jobs hold one each.
   */
  databasePoolSize: number;
  /**
   * Where the embedded database runs: a worker thread (default), so a long import or report does not stop HTTP, or
   * `main`, this thread (as before; one message hop less per statement).
   */
  pgliteThread: 'worker' | 'main';
  /**
   * The longest a request may take to arrive whole (Node's `requestTimeout`, 5 minutes by default, which cut off a
   * large video sent over a slow school line). A stalled connection is still closed by the idle timeout.
   */
  requestTimeoutSeconds: number;
  /** How often each process looks for background work (grade delivery, exports); leases keep it done once. */
  jobPollMs: number;
  /** Completion files from this size on are imported by a background job (202) instead of inside the request. */
  importJobFromBytes: number;
  storage: StorageConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误 / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in a .env file mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}（环境变量取值无效）`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && !e.KEY_ENCRYPTION_SECRET) {
    problems.push('KEY_ENCRYPTION_SECRET: required in production（生产环境必须设置）');
  }
  if (e.NODE_ENV === 'production' && e.DEMO)
    problems.push('DEMO: the demo platform is disabled in production（生产环境不可启用演示平台）');
  const demo = e.DEMO ?? e.NODE_ENV === 'development';
  if ((e.WORKERS ?? 1) > 1 && !e.DATABASE_URL)
    problems.push(
      'WORKERS: several processes need PostgreSQL (set DATABASE_URL); the embedded database serves one process（多进程需要 PostgreSQL）',
    );
  if ((e.WORKERS ?? 1) > 1 && demo)
    problems.push(
      'WORKERS: the demo platform runs in one process; set DEMO=0 to run several（演示平台只能单进程运行）',
    );
  if (e.STORAGE === 's3') {
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
      if (!e[name]) problems.push(`${name}: required with STORAGE=s3（使用对象存储时必须设置）`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    keyEncryptionSecret: e.KEY_ENCRYPTION_SECRET,
    egress: {
      allowedPrivateHosts: (e.EGRESS_ALLOW_HOSTS ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
      allowHttp: e.EGRESS_ALLOW_HTTP ?? false,
    },
    demo,
    ltiRateLimitPerMinute: e.LTI_RATE_LIMIT_PER_MINUTE,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    workers: e.WORKERS ?? (e.DATABASE_URL && !demo ? availableParallelism() : 1),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    pgliteThread: e.PGLITE_THREAD,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    jobPollMs: e.JOB_POLL_MS,
    importJobFromBytes: e.IMPORT_JOB_FROM_BYTES,
    storage:
      e.STORAGE === 's3'
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET as string,
            accessKeyId: e.S3_ACCESS_KEY_ID as string,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY as string,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            // A prefix is a folder: it ends with one slash.
            prefix: e.S3_PREFIX === '' ? '' : `${e.S3_PREFIX.replace(/\/+$/, '')}/`,
          }
        : { kind: 'local' },
  };
}

/** A DATABASE_URL with its password masked, for logs and the start-up banner. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://***';
  }
}
