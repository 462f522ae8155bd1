import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, courseCompletions } from '../../lti-tool/server/db/schema';
import { createAdminKey } from '../../lti-tool/server/services/admin-keys';
import { teacherLedger } from '../../lti-tool/server/services/completions/ledger';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { fixtureSession } from './fixture-session';
import { seedFixtureWorld, type FixtureWorld } from './seed';

let tool: ToolServer;
let a: FixtureWorld;
let b: FixtureWorld;
let keyA: string;
let keyB: string;
let teacherA: string;

beforeAll(async () => {
  tool = await startToolServer();
  const db = tool.database.db;
  a = await seedFixtureWorld(db, 'map-a', { courses: false });
  b = await seedFixtureWorld(db, 'map-b', { courses: false });
  const key = async (w: FixtureWorld) =>
    (
      await createAdminKey(
        db,
        { tenantId: w.tenantId, name: 'monthly-load', createdByPersonId: null },
        { actorLabel: 'test', client: 'cli' },
      )
    ).secret;
  keyA = await key(a);
  keyB = await key(b);
  teacherA = await fixtureSession(db, a, a.teachers.get('t001')!.personId, ['teacher']);
});
afterAll(() => tool.close());

const api = (path: string, token: string, init: { method?: string; body?: unknown; type?: string } = {}) =>
  fetch(`${tool.url}/api/v1/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': init.type ?? 'application/json' },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });

const REPORT_COURSE = '信息技术应用能力提升 · 报表课程';

describe('course catalogue on the admin API (admin key)', () => {
  it('maps a course to a programme and to several abilities, lists it with the programme abilities, audits it', async () => {
    const put = await api('/course-mappings', keyA, {
      method: 'PUT',
      body: {
        courses: [
          {
            courseRef: `  ${REPORT_COURSE} `,
            programmeInstanceId: a.programmeInstanceId,
            abilities: [
              { abilityCode: 'A1', hours: 2 },
              { abilityCode: 'A3', hours: 1.5 },
              { abilityCode: 'B2', hours: 3 },
            ],
          },
          { courseRef: 'A10 技术支持的测验与练习', abilityCode: 'A10', hours: 2 },
        ],
      },
    });
    expect(put.status).toBe(200);
    const written = await put.json();
    expect(written.written).toBe(2);
    const listed = await (await api('/course-mappings', keyA)).json();
    const report = listed.courses.find((c: { courseRef: string }) => c.courseRef === REPORT_COURSE);
    expect(report).toMatchObject({
      programmeInstanceId: a.programmeInstanceId,
      hours: 6.5,
      abilities: [
        { abilityCode: 'A1', hours: 2 },
        { abilityCode: 'A3', hours: 1.5 },
        { abilityCode: 'B2', hours: 3 },
      ],
    });
    const programme = listed.programmes.find((p: { id: string }) => p.id === a.programmeInstanceId);
    expect(programme.abilities.map((x: { code: string }) => x.code)).toContain('C7');
    const audits = await tool.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenantId), eq(auditLog.entityId, report.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'course_mapping.upsert', actorLabel: 'admin-key:monthly-load' });
  });

  it('refuses an ability the programme does not have, naming the field', async () => {
    const put = await api('/course-mappings', keyA, {
      method: 'PUT',
      body: { courses: [{ courseRef: 'x', programmeInstanceId: a.programmeInstanceId, abilityCode: 'Z9', hours: 2 }] },
    });
    expect(put.status).toBe(422);
    const body = await put.json();
    expect(body.error.code).toBe('course_ability_unknown');
    expect(body.error.details.field).toBe('courses[0].abilities[0].abilityCode');
    expect(body.error.message).toContain('能力点');
    const bad = await api('/course-mappings', keyA, {
      method: 'PUT',
      body: { courses: [{ courseRef: 'y', abilities: [{ abilityCode: 'A1', hours: 101 }] }] },
    });
    expect(bad.status).toBe(422);
  });

  it('keeps tenants apart: another tenant cannot see, use or delete the course', async () => {
    const mine = (await (await api('/course-mappings', keyA)).json()).courses[0];
    expect((await (await api('/course-mappings', keyB)).json()).courses).toEqual([]);
    expect((await api(`/course-mappings/${mine.id}`, keyB, { method: 'DELETE' })).status).toBe(404);
    const foreign = await api('/course-mappings', keyB, {
      method: 'PUT',
      body: { courses: [{ courseRef: 'z', programmeInstanceId: a.programmeInstanceId, abilityCode: 'A1', hours: 1 }] },
    });
    expect(foreign.status).toBe(404);
    expect((await api('/course-mappings', teacherA)).status).toBe(403);
    expect((await api('/course-mappings', 'lak_nope')).status).toBe(401);
  });

  it('a file row of a multi-ability course credits each ability once; re-import and a wider mapping do not double', async () => {
    const created = await api('/completion-sources', keyA, {
      method: 'POST',
      body: { name: 'report-builder', kind: 'file', programmeInstanceId: a.programmeInstanceId },
    });
    expect(created.status).toBe(201);
    const { source } = await created.json();
    const csv = [
      'teacher_email,course_ref,completed_at',
      `t001@teachers.example.com,${REPORT_COURSE},2025-11-20 09:15:00`,
      `t002@teachers.example.com,${REPORT_COURSE},2026-03-01 10:00:00`,
    ].join('\n');
    const upload = () =>
      api(`/completion-sources/${source.id}/imports?fileName=report.csv`, keyA, {
        method: 'POST',
        body: csv,
        type: 'text/csv',
      });
    const first = await upload();
    expect(first.status).toBe(200);
    const report = await first.json();
    expect(report.summary).toMatchObject({ created: 2, hours: 13 });
    expect(report.items[0].abilityCode).toBe('A1、A3、B2');
    const ledger = await teacherLedger(tool.database.db, a.tenantId, a.teachers.get('t001')!.enrolmentId);
    expect(ledger!.totals.online).toBe(6.5);
    const rows = await tool.database.db
      .select({ ability: courseCompletions.abilityCode, hours: courseCompletions.hours })
      .from(courseCompletions)
      .where(eq(courseCompletions.enrolmentId, a.teachers.get('t001')!.enrolmentId));
    expect(rows.map((r) => `${r.ability}:${r.hours}`).sort()).toEqual(['A1:2.00', 'A3:1.50', 'B2:3.00']);

    const again = await (await upload()).json();
    expect(again.summary).toMatchObject({ created: 0, unchanged: 2, hours: 0 });

    // The course gains a fourth ability: only that one is credited on the next import.
    await api('/course-mappings', keyA, {
      method: 'PUT',
      body: {
        courses: [
          {
            courseRef: REPORT_COURSE,
            programmeInstanceId: a.programmeInstanceId,
            abilities: [
              { abilityCode: 'A1', hours: 2 },
              { abilityCode: 'A3', hours: 1.5 },
              { abilityCode: 'B2', hours: 3 },
              { abilityCode: 'C1', hours: 1 },
            ],
          },
        ],
      },
    });
    const wider = await (await upload()).json();
    expect(wider.summary).toMatchObject({ created: 2, hours: 2 });
    const after = await teacherLedger(tool.database.db, a.tenantId, a.teachers.get('t001')!.enrolmentId);
    expect(after!.totals.online).toBe(7.5);
  });

  it('deletes a course after which its rows are unknown again; the deletion is audited', async () => {
    const { courses } = await (await api('/course-mappings', keyA)).json();
    const target = courses.find((c: { courseRef: string }) => c.courseRef === 'A10 技术支持的测验与练习');
    const removed = await api(`/course-mappings/${target.id}`, keyA, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ deleted: true, courseRef: 'A10 技术支持的测验与练习' });
    expect((await api(`/course-mappings/${target.id}`, keyA, { method: 'DELETE' })).status).toBe(404);
    const [audit] = await tool.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, target.id), eq(auditLog.action, 'course_mapping.delete')));
    expect(audit!.before).toMatchObject({ courseRef: 'A10 技术支持的测验与练习' });
  });
});
