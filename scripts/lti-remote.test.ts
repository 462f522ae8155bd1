import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '../lti-tool/server/db/schema';
import { createAdminKey } from '../lti-tool/server/services/admin-keys';
import { startLtiWorld, type LtiWorld } from '../test/lti/world';
import { EXPORTS, seedFixtureWorld } from '../test/completions/seed';
import { main } from './lti';

// While the tool runs on the embedded database, `npm run lti` goes through its admin API or refuses.
let world: LtiWorld;
let key: string;
beforeAll(async () => {
  world = await startLtiWorld();
  const db = world.tool.database.db;
  const [platformTenant] = await db.select({ id: tenants.id }).from(tenants);
  key = (
    await createAdminKey(
      db,
      { tenantId: platformTenant!.id, name: 'cli', createdByPersonId: null },
      { actorLabel: 'test', client: 'cli' },
    )
  ).secret;
});
afterAll(() => world.close());

const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
  const lines: string[] = [];
  const code = await main(argv, (l) => lines.push(l), env);
  return { code, text: lines.join('\n') };
};

describe('npm run lti while the tool runs', () => {
  it('lists, mints a registration link, disables and creates a key through the admin API', async () => {
    const env = { LTI_ADMIN_URL: world.tool.url, LTI_ADMIN_KEY: key, PORT: '0' };
    const listed = await run(['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.text).toContain(world.platformId);
    const link = await run(['registration-link', '--hours', '2'], env);
    expect(link.code).toBe(0);
    expect(link.text).toMatch(new RegExp(`^${world.tool.url}/lti/register/[A-Za-z0-9_-]{32}$`, 'm'));
    expect((await run(['disable', '--platform', world.platformId], env)).code).toBe(0);
    expect((await run(['list'], env)).text).toContain(`${world.platformId}  [disabled]`);
    const created = await run(['api-key', '--name', '第二个'], env);
    expect(created.text).toMatch(/^lak_/m);
  });

  it('lists recent activity and checks a platform through the admin API', async () => {
    const env = { LTI_ADMIN_URL: world.tool.url, LTI_ADMIN_KEY: key, PORT: '0' };
    const activity = await run(['activity', '--failures'], env);
    expect(activity).toEqual({ code: 0, text: '暂无记录 / nothing yet' });
    await run(['enable', '--platform', world.platformId], env);
    const checked = await run(['check', '--platform', world.platformId], env);
    expect(checked).toEqual({ code: 0, text: '可达 / reachable' });
    world.sim.deleteTool(world.clientId);
    const refused = await run(['check', '--platform', world.platformId], env);
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('不可达 / unreachable');
    expect(refused.text).toMatch(/token\s+token_invalid_client/);
  });

  it('downloads the organisation template, previews and imports a tree through the admin API', async () => {
    const env = { LTI_ADMIN_URL: world.tool.url, LTI_ADMIN_KEY: key, PORT: '0' };
    const dir = await mkdtemp(join(tmpdir(), 'lti-org-'));
    try {
      const template = join(dir, 'tree.csv');
      expect((await run(['org-template', '--out', template], env)).code).toBe(0);
      await appendFile(template, ',,,,410102,中原区,4141010001,第一小学,,\r\n,,,,410102,中原区,12,第二小学,,\r\n');
      const preview = await run(['org-import', '--file', template], env);
      expect(preview.code).toBe(0);
      expect(preview.text).toContain('第 3 行 / row 3 [schoolCode]');
      expect(preview.text).toContain('--apply');
      const refused = await run(['org-import', '--file', template, '--apply'], env);
      expect(refused.code).toBe(1);
      await writeFile(template, '区县代码,区县名称,学校代码,学校名称\n410102,中原区,4141010001,第一小学\n');
      const applied = await run(['org-import', '--file', template, '--apply'], env);
      expect(applied.code).toBe(0);
      expect(applied.text).toContain('create 2');
      expect(applied.text).toContain('已导入 / imported');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('maps a course to several abilities, lists and removes it through the admin API', async () => {
    const env = { LTI_ADMIN_URL: world.tool.url, LTI_ADMIN_KEY: key, PORT: '0' };
    const mapped = await run(['course-map', '--course', ' 报表课程  2026 ', '--ability', 'A1:2,a3:1.5'], env);
    expect(mapped.code).toBe(0);
    expect(mapped.text).toContain('报表课程 2026  →  A1 2 学时，A3 1.5 学时（共 3.5 学时）');
    expect((await run(['courses'], env)).text).toContain('报表课程 2026  →  A1 2 学时');
    const wrong = await run(['course-map', '--course', 'x', '--ability', 'A1-2'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.text).toContain('A1:2');
    const tooMany = await run(['course-map', '--course', 'x', '--ability', 'A1:120'], env);
    expect(tooMany.code).toBe(1);
    expect(tooMany.text).toContain('courses[0].abilities[0].hours');
    expect(tooMany.text).toContain('学时须大于 0 且不超过 100');
    expect((await run(['course-unmap', '--course', '报表课程 2026'], env)).code).toBe(0);
    expect((await run(['courses'], env)).text).toContain('课程目录为空');
  });

  it("creates a file source and loads a month's completion export through the admin API (preview, apply, again)", async () => {
    // The Moodle fixture course's teachers and catalogue, in a tenant of their own with its own admin key.
    const db = world.tool.database.db;
    const fixture = await seedFixtureWorld(db, 'cli-loads');
    const actor = { actorLabel: 'test', client: 'cli' } as const;
    const own = (await createAdminKey(db, { tenantId: fixture.tenantId, name: 'cli', createdByPersonId: null }, actor))
      .secret;
    const env = { LTI_ADMIN_URL: world.tool.url, LTI_ADMIN_KEY: own, PORT: '0' };
    const file = join(EXPORTS, 'course-completion.csv');
    expect((await run(['completion-import', '--file', file, '--source', 'moodle'], env)).code).toBe(2);
    const created = await run(['source-create', '--name', 'moodle'], env);
    expect(created.code).toBe(0);
    expect(created.text).toMatch(/^已新建数据来源 \/ source created: moodle {2}\[file\]/);
    expect((await run(['sources'], env)).text).toContain('moodle  [file]');
    const preview = await run(['completion-import', '--file', file, '--source', 'moodle'], env);
    expect(preview.code).toBe(0);
    expect(preview.text).toContain('预览（未写入）/ Preview (nothing written)');
    expect(preview.text).toContain('将新增 would create 35');
    const applied = await run(['completion-import', '--file', file, '--source', 'moodle', '--apply'], env);
    expect(applied.code).toBe(0);
    expect(applied.text).toContain('新增 created 35');
    const again = await run(['completion-import', '--file', file, '--source', 'moodle', '--apply'], env);
    expect(again.text).toContain('新增 created 0 · 未变 unchanged 35');
    // The key of the lti world's tenant sees none of it.
    const other = { ...env, LTI_ADMIN_KEY: key };
    expect((await run(['sources'], other)).text).toBe('暂无数据来源 / no completion sources yet');
  });

  it('says what the server said when the key is wrong, and refuses database-only commands', async () => {
    const bad = await run(['list', '--url', world.tool.url, '--key', `lak_${'x'.repeat(43)}`], { PORT: '0' });
    expect(bad.code).toBe(1);
    expect(bad.text).toContain('admin_key_invalid');
    const rotate = await run(['rotate-keys'], { LTI_ADMIN_URL: world.tool.url, LTI_ADMIN_KEY: key, PORT: '0' });
    expect(rotate.code).toBe(2);
    expect(rotate.text).toContain('rotate-keys');
  });

  it('refuses to open an embedded database a running tool owns, with instructions', async () => {
    const fake: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', database: { kind: 'pglite', ok: true } }));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((fake.address() as AddressInfo).port);
      const refused = await run(['list'], { PORT: port, DATA_DIR: '/nonexistent/never-opened' });
      expect(refused.code).toBe(3);
      expect(refused.text).toContain('LTI_ADMIN_KEY');
      expect(refused.text).toContain('API 密钥');
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});
