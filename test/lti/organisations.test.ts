import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherTenantWithKey, sessionOf } from './admin-world';
import { startLtiWorld, type LtiWorld } from './world';

let world: LtiWorld;
let adminToken: string;
let teacherToken: string;
let otherKey: string;
beforeAll(async () => {
  world = await startLtiWorld();
  adminToken = await sessionOf(world, 2);
  teacherToken = await sessionOf(world, 4);
  otherKey = (await otherTenantWithKey(world.tool.database.db, 'other-org')).key;
});
afterAll(() => world.close());

const call = (path: string, token: string, init: { method?: string; body?: BodyInit; type?: string } = {}) =>
  fetch(`${world.tool.url}/api/v1/admin${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.type ? { 'content-type': init.type } : {}),
      'x-filename': encodeURIComponent('组织.csv'),
    },
    body: init.body,
  });
const FILE = '区县代码,区县名称,学校代码,学校名称,教研组名称\n410102,中原区,4141010001,第一小学,语文教研组\n';

describe('organisations admin API', () => {
  it('serves the XLSX and CSV templates with Chinese headers', async () => {
    const xlsx = await call('/organisations/template?format=xlsx', adminToken);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(['组织机构', '填写说明']);
    expect(book.worksheets[0]!.getRow(1).getCell(5).text).toBe('区县代码');
    const csv = new Uint8Array(
      await (await call('/organisations/template?format=csv&lang=en', adminToken)).arrayBuffer(),
    );
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csv)).toMatch(/^Province code,Province name,/);
  });

  it('previews, imports and lists the tree; a re-import changes nothing', async () => {
    const preview = await call('/organisations/imports?dryRun=true', adminToken, {
      method: 'POST',
      body: FILE,
      type: 'text/csv',
    });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ applied: false, file: { name: '组织.csv' }, summary: { create: 3 } });
    const imported = await (
      await call('/organisations/imports?dryRun=false', adminToken, { method: 'POST', body: FILE, type: 'text/csv' })
    ).json();
    expect(imported).toMatchObject({ applied: true, summary: { create: 3 } });
    const again = await (
      await call('/organisations/imports?dryRun=0', adminToken, { method: 'POST', body: FILE, type: 'text/csv' })
    ).json();
    expect(again.summary).toMatchObject({ create: 0, unchanged: 3 });
    const list = await (await call('/organisations', adminToken)).json();
    expect(list.counts).toMatchObject({ county: 1, school: 1, group: 1 });
    expect(list.organisations.map((o: { name: string }) => o.name)).toEqual(['中原区', '第一小学', '语文教研组']);
  });

  it('refuses teachers, other content types and oversized uploads with the limit named', async () => {
    expect((await call('/organisations', teacherToken)).status).toBe(403);
    expect(
      (await call('/organisations/imports', teacherToken, { method: 'POST', body: FILE, type: 'text/csv' })).status,
    ).toBe(403);
    const wrongType = await call('/organisations/imports', adminToken, {
      method: 'POST',
      body: FILE,
      type: 'image/png',
    });
    expect(wrongType.status).toBe(415);
    const big = await call('/organisations/imports', adminToken, {
      method: 'POST',
      body: new Uint8Array(5 * 1024 * 1024 + 10),
      type: 'text/csv',
    });
    expect(big.status).toBe(413);
    const body = await big.json();
    expect(body.error.code).toBe('org_import_too_large');
    expect(body.error.message).toContain('5 MB');
  });

  it('keeps another tenant out of this tree', async () => {
    const list = await (await call('/organisations', otherKey)).json();
    expect(list.organisations).toEqual([]);
    const imported = await (
      await call('/organisations/imports?dryRun=false', otherKey, { method: 'POST', body: FILE, type: 'text/csv' })
    ).json();
    expect(imported.summary).toMatchObject({ create: 3, unchanged: 0 });
    const mine = await (await call('/organisations', adminToken)).json();
    expect(mine.organisations).toHaveLength(3);
  });
});
