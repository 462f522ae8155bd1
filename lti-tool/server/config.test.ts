import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactDatabaseUrl } from './config';

describe('loadConfig', () => {
  it('gives working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
  });

  it('treats empty strings as unset and strips a trailing slash from PUBLIC_URL', () => {
    const config = loadConfig({ DATABASE_URL: '', PUBLIC_URL: 'https://tool.example.cn/lti/', PORT: '8080' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe('https://tool.example.cn/lti');
    expect(config.port).toBe(8080);
  });

  it('runs one worker per core on PostgreSQL without the demo, and one process otherwise', () => {
    const pg = 'postgres://tool@127.0.0.1/tool';
    expect(loadConfig({ DATABASE_URL: pg, DEMO: '0' }).workers).toBe(availableParallelism());
    expect(loadConfig({ DATABASE_URL: pg, DEMO: '0', WORKERS: '3' }).workers).toBe(3);
    expect(loadConfig({ DATABASE_URL: pg }).workers).toBe(1); // development: the demo platform lives in one process
    expect(loadConfig({}).workers).toBe(1);
    expect(() => loadConfig({ WORKERS: '2', DEMO: '0' })).toThrow(/WORKERS: several processes need PostgreSQL/);
    expect(() => loadConfig({ WORKERS: '2', DATABASE_URL: pg })).toThrow(/WORKERS: the demo platform runs in one/);
  });

  it('keeps 10 PostgreSQL connections a process unless DATABASE_POOL_SIZE says otherwise', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('runs the embedded database in a worker thread unless PGLITE_THREAD=main', () => {
    expect(loadConfig({}).pgliteThread).toBe('worker');
    expect(loadConfig({ PGLITE_THREAD: 'main' }).pgliteThread).toBe('main');
    expect(() => loadConfig({ PGLITE_THREAD: 'elsewhere' })).toThrow(/PGLITE_THREAD/);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });
});

describe('redactDatabaseUrl', () => {
  it('masks the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://app:s3cret@db.local:5432/tool')).toBe('postgres://app:***@db.local:5432/tool');
  });
  it('never echoes an unparsable URL', () => {
    expect(redactDatabaseUrl('postgres://app:s3cret@[::1')).toBe('postgres://***');
  });
});

describe('the demo platform setting', () => {
  it('is on in development, off in tests unless asked, and refused in production', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).demo).toBe(false);
    expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: '1', KEY_ENCRYPTION_SECRET: 'x'.repeat(32) })).toThrow(
      /DEMO/,
    );
    expect(loadConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: 'x'.repeat(32) }).demo).toBe(false);
  });

  it('requires a key encryption secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/KEY_ENCRYPTION_SECRET/);
  });
});
