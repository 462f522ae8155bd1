import ExcelJS from 'exceljs';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTenantWithPlatform } from '../../../../test/db/seed';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db';
import { auditLog, organisations } from '../../db/schema';
import { DomainError } from '../errors';
import { importOrganisations } from './import';
import { orgTemplateXlsx } from './template';

let database: TestDatabase;
let tenantA: string;
let tenantB: string;
beforeAll(async () => {
  database = await createTestDatabase();
  tenantA = await database.db.transaction(async (tx) => (await insertTenantWithPlatform(tx, 'org-a')).tenantId);
  tenantB = await database.db.transaction(async (tx) => (await insertTenantWithPlatform(tx, 'org-b')).tenantId);
});
afterAll(() => database.close());

const actor = { actorLabel: 'test', client: 'cli' as const };
const HEADER = '省代码,省名称,市代码,市名称,区县代码,区县名称,学校代码,学校名称,教研组名称,教研组代码';
const csv = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\r\n'));
const run = (tenantId: string, bytes: Uint8Array, dryRun = false, fileName = 'tree.csv') =>
  importOrganisations(database.db, { tenantId, bytes, fileName, dryRun, actor });
const treeOf = async (tenantId: string) =>
  database.db
    .select({
      kind: organisations.kind,
      code: organisations.code,
      name: organisations.name,
      parentId: organisations.parentId,
      id: organisations.id,
    })
    .from(organisations)
    .where(eq(organisations.tenantId, tenantId));

const TREE = [
  '410000,河南省,410100,郑州市,410102,中原区,4141010001,中原区第一小学,语文教研组,',
  '410000,河南省,410100,郑州市,410102,中原区,4141010001,中原区第一小学,数学教研组,M01',
  '410000,河南省,410100,郑州市,410103,二七区,4141010002,二七区实验中学,,',
  ',,,,410103,二七区,4141010003,二七区第二中学,,',
];

describe('organisation tree import', () => {
  it('previews without writing, then imports the tree with parents, audit and a report per row', async () => {
    const preview = await run(tenantA, csv(...TREE), true);
    expect(preview).toMatchObject({
      dryRun: true,
      applied: false,
      summary: { create: 9, update: 0, unchanged: 0, rowsWithIssues: 0 },
    });
    expect(preview.rows[0]!.nodes.map((n) => n.kind)).toEqual(['province', 'city', 'county', 'school', 'group']);
    expect(preview.rows[1]!.nodes).toEqual([{ kind: 'group', code: 'M01', name: '数学教研组', action: 'create' }]);
    expect(await treeOf(tenantA)).toEqual([]);

    const done = await run(tenantA, csv(...TREE));
    expect(done).toMatchObject({ applied: true, summary: { create: 9 } });
    const tree = await treeOf(tenantA);
    const byName = new Map(tree.map((o) => [o.name, o]));
    expect(byName.get('二七区第二中学')!.parentId).toBe(byName.get('二七区')!.id);
    expect(byName.get('语文教研组')!.parentId).toBe(byName.get('中原区第一小学')!.id);
    expect(byName.get('郑州市')!.parentId).toBe(byName.get('河南省')!.id);
    const audit = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantA), like(auditLog.action, 'organisation%')));
    expect(audit.filter((a) => a.action === 'organisation.create')).toHaveLength(9);
    expect(audit.filter((a) => a.action === 'organisation_import.apply')).toHaveLength(1);
  });

  it('changes nothing when the same file is imported again, and updates a renamed or moved organisation', async () => {
    const again = await run(tenantA, csv(...TREE));
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 9, rowsWithIssues: 0 });
    expect(await treeOf(tenantA)).toHaveLength(9);

    const moved = await run(tenantA, csv(',,,,410102,中原区,4141010003,二七区第二中学（新校区）,,'));
    expect(moved.summary).toMatchObject({ update: 1, unchanged: 1 });
    const tree = await treeOf(tenantA);
    const school = tree.find((o) => o.code === '4141010003')!;
    expect(school.name).toBe('二七区第二中学（新校区）');
    expect(school.parentId).toBe(tree.find((o) => o.code === '410102')!.id);
    const [update] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'organisation.update'));
    expect(update!.before).toMatchObject({ name: '二七区第二中学' });
  });

  it('reports every problem by row and field, and writes nothing while any row has one', async () => {
    const report = await run(
      tenantB,
      csv(
        ',,,,41010,中原区,,,,',
        ',,,,410102,中原区,4141010001,,,',
        ',,,,,,4141010009,孤立小学,,',
        ',,,,410102,中原区,4141010001,第一小学,,',
        ',,,,410102,中原路区,4141010002,第二小学,,',
      ),
    );
    expect(report.applied).toBe(false);
    expect(report.summary.rowsWithIssues).toBe(4);
    const fields = report.rows.map((r) => r.issues.map((i) => i.field));
    expect(fields).toEqual([['countyCode'], ['schoolName'], ['countyCode'], [], ['countyName']]);
    expect(report.rows[0]!.issues[0]!.message.zh).toContain('6 位或 12 位行政区划代码');
    expect(report.rows[4]!.issues[0]!.message.zh).toContain('第 5 行');
    expect(await treeOf(tenantB)).toEqual([]);
  });

  it('keeps tenants apart: the same codes in another tenant make its own tree', async () => {
    const other = await run(tenantB, csv(TREE[0]!));
    expect(other.summary.create).toBe(5);
    expect((await treeOf(tenantA)).length).toBe(9);
    const aIds = new Set((await treeOf(tenantA)).map((o) => o.id));
    expect((await treeOf(tenantB)).some((o) => aIds.has(o.id))).toBe(false);
  });

  it('reads the XLSX template filled in Excel (codes typed as numbers) and warns about unknown columns', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await orgTemplateXlsx('zh')) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    sheet.getCell('K1').value = '备注';
    sheet.addRow([null, null, null, null, 410105, '金水区', 4141050001, '金水区实验小学', '英语教研组', null, '新建']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const report = await run(tenantB, bytes, true, 'tree.xlsx');
    expect(report.file.format).toBe('xlsx');
    expect(report.warnings[0]!.zh).toContain('备注');
    expect(report.rows[0]!.nodes.map((n) => `${n.kind}:${n.code ?? ''}`)).toEqual([
      'county:410105',
      'school:4141050001',
      'group:',
    ]);
  });

  it('gives a code to an organisation created without one (by the demo or a launch) instead of duplicating it', async () => {
    const [county] = await database.db
      .insert(organisations)
      .values({ tenantId: tenantB, kind: 'county', code: '410199', name: '示范区' })
      .returning();
    await database.db
      .insert(organisations)
      .values({ tenantId: tenantB, kind: 'school', parentId: county!.id, name: '示范学校' });
    const report = await run(tenantB, csv(',,,,410199,示范区,4141990001,示范学校,,'));
    expect(report.summary).toMatchObject({ create: 0, update: 1, unchanged: 1 });
    const schools = (await treeOf(tenantB)).filter((o) => o.name === '示范学校');
    expect(schools.map((s) => s.code)).toEqual(['4141990001']);
  });

  it('refuses files past the limits, unreadable files and files without template headers', async () => {
    const many = csv(...Array.from({ length: 20_001 }, (_, i) => `,,,,410102,中原区,${4100000000 + i},学校${i},,`));
    await expect(run(tenantB, many, true)).rejects.toMatchObject({ code: 'org_import_too_many_rows' });
    await expect(run(tenantB, new Uint8Array(5 * 1024 * 1024 + 1), true)).rejects.toMatchObject({
      code: 'org_import_too_large',
    });
    await expect(run(tenantB, new Uint8Array([0x4d, 0x5a, 0, 1, 2]), true, 'x.exe')).rejects.toMatchObject({
      code: 'org_import_unreadable',
    });
    await expect(run(tenantB, new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]), true, 'x.xlsx')).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(run(tenantB, new TextEncoder().encode('a,b\n1,2'), true)).rejects.toMatchObject({
      code: 'org_import_header',
    });
  });
});
