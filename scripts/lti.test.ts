import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../lti-tool/server/db/data-dir-lock';
import { EXPORTS, seedFixtureWorld } from '../test/completions/seed';
import { createTestDatabase, type TestDatabase } from '../test/helpers/db';
import { CLI_IMPORT_MAX_BYTES } from './import';
import { main } from './lti';

// The command as an operator runs it, in-process: every local command opens, migrates and closes "its" database.
// That database is one copy of the suite's migrated template, kept open across commands (opening an embedded data
// directory is tested in db/client.test.ts; initdb per command made this file take 30 s under load).
describe('npm run lti', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'lti-cli-'));
    env = {
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://tool.example.cn',
      KEY_ENCRYPTION_SECRET: 'cli-test-secret-0123456789',
      PORT: '0', // no running tool to look for
    };
  });
  afterAll(async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The test's database, which a command's own close leaves open for the next command. */
  const shared = async () => ({ ...database, close: async () => undefined });
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await main(argv, (l) => lines.push(l), env, shared);
    return { code, text: lines.join('\n') };
  };

  it('registers a Moodle site, lists it, disables it, and mints a one-time registration link', async () => {
    const suffix = Date.now().toString(36);
    const registered = await run(
      'register',
      '--tenant',
      `cli-${suffix}`,
      '--name',
      '示范区 Moodle',
      '--moodle',
      `https://moodle-${suffix}.example.cn/`,
      '--client-id',
      'AbC123',
      '--deployment-id',
      '1,2',
    );
    expect(registered.code).toBe(0);
    const platformId = /registered: ([0-9a-f-]{36})/.exec(registered.text)?.[1] as string;
    expect(platformId).toBeDefined();

    const listed = await run('list');
    expect(listed.text).toContain(`https://moodle-${suffix}.example.cn`);
    expect(listed.text).toMatch(/deployments 1, 2/);

    expect((await run('disable', '--platform', platformId)).code).toBe(0);
    expect((await run('list')).text).toContain(`${platformId}  [disabled]`);

    const link = await run('registration-link', '--tenant', `cli-${suffix}`);
    expect(link.text).toMatch(/^https:\/\/tool\.example\.cn\/lti\/register\/[A-Za-z0-9_-]{32}$/m);
  });

  it('creates completion sources and imports a grade export on the database, dated by --effective-date', async () => {
    await seedFixtureWorld(database.db, 'cli-local');
    const api = await run('source-create', '--tenant', 'cli-local', '--name', 'lms', '--kind', 'api');
    expect(api.code).toBe(0);
    expect(api.text).toMatch(/credential \(shown once\): \{"id":"cs_[^"]+","secret":"[^"]+","apiKey":"cs_/);
    expect((await run('source-create', '--tenant', 'cli-local', '--name', 'x', '--kind', 'ftp')).code).toBe(2);
    expect((await run('source-create', '--tenant', 'cli-local', '--name', 'files')).code).toBe(0);
    const grades = join(EXPORTS, 'grades.csv');
    const waiting = await run('completion-import', '--tenant', 'cli-local', '--file', grades, '--source', 'files');
    expect(waiting.text).toContain('将新增 would create 0');
    expect(waiting.text).toContain('生效日期');
    const dated = await run(
      ...['completion-import', '--tenant', 'cli-local', '--file', grades, '--source', 'files'],
      ...['--effective-date', '2026-01-20', '--apply'],
    );
    expect(dated.code).toBe(0);
    expect(dated.text).toMatch(/新增 created [1-9]/);
    expect(dated.text).toContain('2026-01-20');
    // Over the command line's byte limit: refused before the file is read, as by `npm run import`.
    const large = join(dataDir, 'province.csv');
    await writeFile(large, 'teacher_email,course_ref,completed_at\n');
    await truncate(large, CLI_IMPORT_MAX_BYTES + 1); // sparse: the size without writing 50 MB
    const refused = await run('completion-import', '--tenant', 'cli-local', '--file', large, '--source', 'files');
    expect(refused.code).toBe(2);
    expect(refused.text).toMatch(/文件过大：命令行导入每个文件最多 50\.0 MB/);
  });

  it('prints the setup values and rotates keys', async () => {
    const setup = await run('setup');
    expect(setup.text).toContain('https://tool.example.cn/lti/login');
    expect(setup.text).toContain('https://tool.example.cn/.well-known/jwks.json');
    const rotated = await run('rotate-keys');
    expect(rotated.code).toBe(0);
    expect(rotated.text).toMatch(/current key: tool-/);
  });

  it('explains bad usage with exit code 2', async () => {
    expect((await run()).code).toBe(2);
    const missing = await run('register', '--tenant', 'x-y');
    expect(missing.code).toBe(2);
    expect(missing.text).toContain('--name');
    expect((await run('frobnicate')).text).toContain('unknown command');
  });

  it('refuses with exit code 3 and says how to go on when another process holds the embedded data directory', async () => {
    // The lock is taken before PGlite touches the directory, so the real open path is refused without an initdb.
    const release = await acquireDataDirLock(`${join(dataDir, 'pglite')}.lock`);
    try {
      const lines: string[] = [];
      const code = await main(['list'], (l) => lines.push(l), env);
      expect(code).toBe(3);
      expect(lines.join('\n')).toContain('LTI_ADMIN_URL=https://tool.example.cn LTI_ADMIN_KEY=lak_');
    } finally {
      await release();
    }
  });
});
