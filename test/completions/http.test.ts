import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, xapiStatements } from '../../lti-tool/server/db/schema';
import { importReportReply, ledgerReply } from '../../shared/api/completions';
import { MAX_UPLOAD_BYTES } from '../../lti-tool/server/routes/completions';
import { teacherLedger } from '../../lti-tool/server/services/completions/ledger';
import { recordLtiCompletion } from '../../lti-tool/server/services/completions/feeds/lti';
import { createCompletionSource, type SourceCredential } from '../../lti-tool/server/services/completions/sources';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { createLogger } from '../../lti-tool/server/logger';
import { recentActivity } from '../../lti-tool/server/services/operation-runs';
import { fixtureSession } from './fixture-session';
import { EXPECTED_COMPLETIONS, exportFile, seedFixtureWorld, type FixtureWorld } from './seed';

let tool: ToolServer;
let a: FixtureWorld;
let b: FixtureWorld;
let xapiA: SourceCredential;
let xapiB: SourceCredential;
let apiA: SourceCredential;
let apiB: SourceCredential;
let fileSourceA: string;
let adminA: string;
let teacherA1: string;
let adminB: string;

const ACTIVITY = 'https://moodle.example.cn/mod/page/view.php?id=';
const ACTIVITIES = [
  { id: `${ACTIVITY}11`, courseRef: `${ACTIVITY}11`, abilityCode: 'A1', hours: 2 },
  { id: `${ACTIVITY}12`, courseRef: `${ACTIVITY}12`, abilityCode: 'A3', hours: 3 },
];

const session = (world: FixtureWorld, personId: string, roles: string[]) =>
  fixtureSession(tool.database.db, world, personId, roles);

// The tool's log lines (JSON), to check what an import logs.
const logLines: string[] = [];
beforeAll(async () => {
  tool = await startToolServer({ logger: createLogger('info', (line) => logLines.push(line)) });
  const db = tool.database.db;
  a = await seedFixtureWorld(db, 'tenant-a');
  b = await seedFixtureWorld(db, 'tenant-b');
  const courses = ACTIVITIES.map(({ id: _id, ...course }) => course);
  for (const world of [a, b]) await upsertCourseMappings(db, world.tenantId, courses);
  const make = async (world: FixtureWorld, kind: 'api' | 'xapi', name: string) =>
    (
      await createCompletionSource(db, world.tenantId, {
        name,
        kind,
        programmeInstanceId: world.programmeInstanceId,
        platformId: world.platformId,
      })
    ).credential!;
  xapiA = await make(a, 'xapi', 'moodle-xapi');
  xapiB = await make(b, 'xapi', 'moodle-xapi');
  apiA = await make(a, 'api', 'smartedu');
  apiB = await make(b, 'api', 'smartedu');
  fileSourceA = (await createCompletionSource(db, a.tenantId, { name: 'moodle-files', kind: 'file' })).source.id;
  adminA = await session(a, a.adminPersonId, ['institution_admin']);
  teacherA1 = await session(a, a.teachers.get('t001')!.personId, ['teacher']);
  adminB = await session(b, b.adminPersonId, ['institution_admin']);
});
afterAll(() => tool.close());

const basic = (c: SourceCredential) => `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`;

function statement(email: string, activity: string, verb = 'completed', id: string = randomUUID()) {
  return {
    id,
    actor: { objectType: 'Agent', name: email, mbox: `mailto:${email}` },
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { objectType: 'Activity', id: activity, definition: { name: { 'zh-CN': '微能力点课程' } } },
    result: { completion: true },
    timestamp: '2025-11-20T09:15:00+08:00',
  };
}

const postXapi = (body: unknown, credential = xapiA, headers: Record<string, string> = {}) =>
  fetch(`${tool.url}/xapi/statements`, {
    method: 'POST',
    headers: {
      authorization: basic(credential),
      'content-type': 'application/json',
      'x-experience-api-version': '1.0.3',
      ...headers,
    },
    body: JSON.stringify(body),
  });

const online = async (world: FixtureWorld, teacher: string) =>
  (await teacherLedger(tool.database.db, world.tenantId, world.teachers.get(teacher)!.enrolmentId))!.totals.online;

describe('xAPI statements', () => {
  const batch = [
    statement('t001@teachers.example.com', ACTIVITIES[0]!.id),
    statement('t001@teachers.example.com', ACTIVITIES[1]!.id, 'passed'),
    statement('t002@teachers.example.com', ACTIVITIES[0]!.id),
    statement('t003@teachers.example.com', ACTIVITIES[0]!.id, 'experienced'),
    statement('stranger@example.com', ACTIVITIES[0]!.id),
  ];

  it('accepts a batch, answers the statement ids, credits completed/passed on mapped activities', async () => {
    const response = await postXapi(batch);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(await response.json()).toEqual(batch.map((s) => s.id));
    expect(await online(a, 't001')).toBe(5);
    expect(await online(a, 't002')).toBe(2);
    expect(await online(a, 't003')).toBe(0);
    const stored = await tool.database.db
      .select({ id: xapiStatements.statementId, outcome: xapiStatements.outcome })
      .from(xapiStatements)
      .where(eq(xapiStatements.tenantId, a.tenantId));
    expect(Object.fromEntries(stored.map((s) => [s.id, s.outcome]))).toEqual({
      [batch[0]!.id]: 'credited',
      [batch[1]!.id]: 'credited',
      [batch[2]!.id]: 'credited',
      [batch[3]!.id]: 'ignored',
      [batch[4]!.id]: 'rejected',
    });
    // One line per request, under its request id, with counts per outcome and no teacher's e-mail.
    const logged = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'xapi statements' && l.requestId === response.headers.get('x-request-id'));
    expect(logged).toEqual([
      expect.objectContaining({ level: 'warn', received: 5, credited: 3, ignored: 1, rejected: 1 }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('@teachers.example.com');
  });

  it('replaying the batch (or one statement by PUT) changes nothing', async () => {
    expect((await postXapi(batch)).status).toBe(200);
    const put = await fetch(`${tool.url}/xapi/statements?statementId=${batch[0]!.id}`, {
      method: 'PUT',
      headers: {
        authorization: basic(xapiA),
        'content-type': 'application/json',
        'x-experience-api-version': '1.0.3',
      },
      body: JSON.stringify(batch[0]),
    });
    expect(put.status).toBe(204);
    expect(await online(a, 't001')).toBe(5);
    expect(await online(a, 't002')).toBe(2);
  });

  it('a voiding statement takes the hours back with a correcting entry', async () => {
    const voiding = {
      id: randomUUID(),
      actor: { mbox: 'mailto:mentor01@teachers.example.com' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: batch[2]!.id },
    };
    expect((await postXapi(voiding)).status).toBe(200);
    const ledger = (await teacherLedger(tool.database.db, a.tenantId, a.teachers.get('t002')!.enrolmentId))!;
    expect(ledger.totals.online).toBe(0);
    expect(ledger.lines.map((l) => l.hours)).toEqual([2, -2]);
    expect(ledger.lines[1]).toMatchObject({
      recordedBy: { system: 'xapi:moodle-xapi' },
      reason: expect.stringContaining(batch[2]!.id),
    });
    // Replaying the voided statement does not credit it again.
    await postXapi(batch);
    expect(await online(a, 't002')).toBe(0);
  });

  it('refuses bad credentials, another kind of credential, and a missing version header', async () => {
    const wrong = { ...xapiA, secret: 'x'.repeat(43) };
    const refused = await postXapi(batch, wrong);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Basic');
    expect((await refused.json()).error.code).toBe('invalid_credentials');
    expect((await postXapi(batch, apiA)).status).toBe(401);
    const noVersion = await postXapi(batch, xapiA, { 'x-experience-api-version': '' });
    expect(noVersion.status).toBe(400);
    expect((await noVersion.json()).error.code).toBe('xapi_version_required');
    const invalid = await postXapi({ actor: {}, verb: {} });
    expect(invalid.status).toBe(422);
  });

  it('a source of tenant B cannot write into tenant A', async () => {
    // Tenant B has teachers with the same e-mails: the statement lands in B, never in A.
    const before = await online(a, 't004');
    const s = statement('t004@teachers.example.com', ACTIVITIES[0]!.id);
    expect((await postXapi([s], xapiB)).status).toBe(200);
    expect(await online(a, 't004')).toBe(before);
    expect(await online(b, 't004')).toBe(2);
    // B cannot void A's statement either.
    const voiding = {
      actor: { mbox: 'mailto:x@example.com' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: batch[0]!.id },
    };
    await postXapi(voiding, xapiB);
    expect(await online(a, 't001')).toBe(5);
  });
});

describe('REST API for platform servers', () => {
  const post = (path: string, body: unknown, key = apiA.apiKey, lang = 'zh-CN') =>
    fetch(`${tool.url}/api/v1/completions${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'accept-language': lang },
      body: JSON.stringify(body),
    });
  const one = {
    externalId: 'smartedu-0001',
    teacher: { email: 't005@teachers.example.com' },
    courseRef: ACTIVITIES[1]!.courseRef,
    completedAt: '2026-02-01T10:00:00+08:00',
  };

  it('records one completion (201), and the same external id again is unchanged (200)', async () => {
    const first = await post('', one);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ status: 'created', hours: 3, abilityCode: 'A3', schoolYear: 2025 });
    const again = await post('', one);
    expect(again.status).toBe(200);
    expect((await again.json()).status).toBe('unchanged');
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'completion');
    expect(logged).toEqual([
      expect.objectContaining({
        requestId: first.headers.get('x-request-id'),
        outcome: 'created',
        externalId: one.externalId,
      }),
      expect.objectContaining({ requestId: again.headers.get('x-request-id'), outcome: 'unchanged' }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('t005@');
    expect(await online(a, 't005')).toBe(3);
  });

  it('records a batch with a result per item, and voids by external id', async () => {
    const response = await post('/batch', {
      completions: [
        { ...one, externalId: 'smartedu-0002', teacher: { ltiUserId: '12' }, hours: 1.5 }, // t006
        { ...one, externalId: 'smartedu-0003', teacher: { email: 'nobody@example.com' } },
        { ...one, externalId: 'smartedu-0004', courseRef: 'unknown-course' },
        one,
      ],
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.summary).toEqual({ created: 1, unchanged: 1, duplicate: 0, rejected: 2 });
    const logged = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'completion batch');
    expect(logged).toEqual([
      expect.objectContaining({ requestId: response.headers.get('x-request-id'), rows: 4, created: 1, rejected: 2 }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('nobody@example.com');
    expect(body.results.map((r: { issues: { code: string }[] }) => r.issues.map((i) => i.code))).toEqual([
      [],
      ['unknown_teacher'],
      ['unknown_course'],
      [],
    ]);
    expect(await online(a, 't006')).toBe(1.5);
    const voided = await post('/void', { externalId: 'smartedu-0002', reason: '平台撤回' });
    expect(voided.status).toBe(200);
    expect(await online(a, 't006')).toBe(0);
    expect((await post('/void', { externalId: 'nope', reason: 'x' })).status).toBe(404);
  });

  it('answers clear 4xx errors with codes and Chinese or English messages', async () => {
    const invalid = await post('', { ...one, hours: 500, completedAt: 'yesterday' });
    expect(invalid.status).toBe(422);
    const body = await invalid.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('提交的内容未通过校验。');
    // The one 422 body of every endpoint: each issue names its field, in Chinese and English.
    expect(body.error.details.issues.map((d: { path: string }) => d.path).sort()).toEqual(['completedAt', 'hours']);
    const rejected = await post(
      '',
      { ...one, externalId: 'x-1', teacher: { email: 'nobody@example.com' } },
      apiA.apiKey,
      'en',
    );
    expect(rejected.status).toBe(422);
    const rejectedBody = await rejected.json();
    expect(rejectedBody.error.message).toBe('Some fields are not valid.');
    expect(rejectedBody.error.details.issues[0]).toMatchObject({ code: 'unknown_teacher', zh: expect.any(String) });
    const unauthenticated = await post('', one, `${apiA.id}.wrong-secret`);
    expect(unauthenticated.status).toBe(401);
    expect((await unauthenticated.json()).error.code).toBe('invalid_credentials');
    expect((await post('', one, xapiA.apiKey)).status).toBe(401);
    const tooBig = await post('/batch', { completions: Array.from({ length: 1001 }, () => one) });
    expect(tooBig.status).toBe(422);
  });

  it('a key of tenant B cannot credit tenant A (teachers resolve in the key’s tenant only)', async () => {
    const before = await online(a, 't007');
    const response = await post(
      '',
      { ...one, externalId: 'b-1', teacher: { personId: a.teachers.get('t007')!.personId } },
      apiB.apiKey,
    );
    expect(response.status).toBe(422);
    expect(await online(a, 't007')).toBe(before);
  });
});

describe('administration over HTTP', () => {
  const call = (path: string, token: string, init: { method?: string; body?: BodyInit; type?: string } = {}) =>
    fetch(`${tool.url}/api/v1/completions${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': init.type ?? 'application/json' },
      body: init.body,
    });

  it('imports a Moodle export: preview first, then for real; the teacher sees where each hour came from', async () => {
    const csv = exportFile('course-completion.csv');
    const path = `/sources/${fileSourceA}/imports?fileName=course-completion.csv`;
    const preview = await call(`${path}&dryRun=true`, adminA, { method: 'POST', body: csv, type: 'text/csv' });
    expect(preview.status).toBe(200);
    // The reply is the contract's report (shared/api): parsing fails on a missing or mistyped field.
    const report = importReportReply.parse(await preview.json());
    expect(report.dryRun).toBe(true);
    expect(report.items.length).toBeGreaterThan(0);
    const expected = Object.values(EXPECTED_COMPLETIONS).reduce((x, y) => x + y, 0);
    // The xAPI activities above are other courses of this tenant's catalogue, so nothing here is a duplicate.
    expect(report.summary.would_create).toBe(expected);
    const real = await call(path, adminA, { method: 'POST', body: csv, type: 'text/csv' });
    expect((await real.json()).summary.created).toBe(expected);
    // Both logged as JSON under their request ids (ids and counts, no names); only the real one is an operation run,
    // 'partial' because some rows of this export carry issues (not credited).
    const logged = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'completion import');
    expect(logged.map((l) => [l.requestId, l.dryRun])).toEqual([
      [preview.headers.get('x-request-id'), true],
      [real.headers.get('x-request-id'), false],
    ]);
    expect(logged[1]).toMatchObject({
      tenantId: a.tenantId,
      sourceId: fileSourceA,
      created: expected,
      outcome: 'partial',
    });
    expect(JSON.stringify(logged)).not.toContain('@');
    const { runs } = await recentActivity(tool.database.db, a.tenantId);
    expect(runs.filter((r) => r.kind === 'completion_import')).toEqual([
      expect.objectContaining({
        status: 'partial',
        target: 'moodle-files',
        requestId: real.headers.get('x-request-id'),
      }),
    ]);
    const ledger = await call(`/ledger/${a.teachers.get('t001')!.enrolmentId}`, teacherA1);
    expect(ledger.status).toBe(200);
    const body = ledgerReply.parse(await ledger.json());
    expect(body.totals.online).toBe(13);
    expect(body.lines.some((l) => 'personId' in l.recordedBy && l.recordedBy.personId === a.adminPersonId)).toBe(true);
    const [audit] = await tool.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenantId), eq(auditLog.actorPersonId, a.adminPersonId)));
    // Labelled as every web action is (the LMS user id); the person is actorPersonId.
    expect(audit).toMatchObject({ action: 'hours.credit', client: 'web', actorLabel: expect.stringMatching(/^lti:/) });
  });

  it('keeps teachers to their own ledger and out of administration', async () => {
    expect((await call(`/ledger/${a.teachers.get('t002')!.enrolmentId}`, teacherA1)).status).toBe(404);
    expect((await call('/sources', teacherA1)).status).toBe(403);
    expect((await call('/sources', 'not-a-token')).status).toBe(401);
  });

  it('keeps tenants apart: B’s administrator cannot import into, or read from, tenant A', async () => {
    const csv = exportFile('course-completion.csv');
    const response = await call(`/sources/${fileSourceA}/imports`, adminB, {
      method: 'POST',
      body: csv,
      type: 'text/csv',
    });
    expect(response.status).toBe(404);
    expect((await call(`/ledger/${a.teachers.get('t001')!.enrolmentId}`, adminB)).status).toBe(404);
    const sources = await (await call('/sources', adminB)).json();
    expect(sources.sources.map((s: { tenantId: string }) => s.tenantId)).not.toContain(a.tenantId);
  });

  it('refuses uploads that are too large (413) or of the wrong type (415)', async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    const tooLarge = await call(`/sources/${fileSourceA}/imports`, adminA, {
      method: 'POST',
      body: big,
      type: 'text/csv',
    });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.code).toBe('payload_too_large');
    const wrongType = await call(`/sources/${fileSourceA}/imports`, adminA, {
      method: 'POST',
      body: 'x',
      type: 'image/png',
    });
    expect(wrongType.status).toBe(415);
  });

  it('creates sources (the credential is shown once) and maintains the course catalogue', async () => {
    const created = await call('/sources', adminA, {
      method: 'POST',
      body: JSON.stringify({ name: 'lms-2', kind: 'api' }),
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.credential.apiKey).toMatch(/^cs_/);
    expect(body.source.credentialHash).toBeUndefined();
    expect(
      (await call('/sources', adminA, { method: 'POST', body: JSON.stringify({ name: 'lms-2', kind: 'api' }) })).status,
    ).toBe(409);
    const put = await call('/courses', adminA, {
      method: 'PUT',
      body: JSON.stringify({ courses: [{ courseRef: 'C1 课程', abilityCode: 'C1', hours: 4 }] }),
    });
    expect(put.status).toBe(200);
    const bad = await call('/courses', adminA, {
      method: 'PUT',
      body: JSON.stringify({ courses: [{ courseRef: 'x', abilityCode: 'c1', hours: 0 }] }),
    });
    expect(bad.status).toBe(422);
  });
});

describe('LTI: finishing the online part of a deep-linked activity', () => {
  it('records a completion once per resource link and teacher, through the course catalogue', async () => {
    const db = tool.database.db;
    await upsertCourseMappings(db, a.tenantId, [{ courseRef: 'ability:C2', abilityCode: 'C2', hours: 2.5 }]);
    const t008 = a.teachers.get('t008')!;
    const input = {
      tenantId: a.tenantId,
      platformId: a.platformId,
      personId: t008.personId,
      resourceLinkId: 'rl-42',
      custom: { placement: 'ability', ability_code: 'C2' },
      completedAt: new Date('2026-03-01T02:00:00Z'),
      recordedBy: { personId: t008.personId },
      actor: { actorPersonId: t008.personId, actorLabel: '教师 t008', client: 'lti' as const },
    };
    const before = await online(a, 't008');
    expect((await recordLtiCompletion(db, input)).status).toBe('created');
    expect((await recordLtiCompletion(db, input)).status).toBe('unchanged');
    expect(await online(a, 't008')).toBe(before + 2.5);
    const other = await recordLtiCompletion(db, { ...input, custom: { placement: 'teacher-home' } });
    expect(other).toMatchObject({ status: 'rejected', issues: [{ code: 'unknown_course' }] });
    // A person of another tenant is unknown here.
    const foreign = await recordLtiCompletion(db, { ...input, personId: b.teachers.get('t008')!.personId });
    expect(foreign).toMatchObject({ status: 'rejected', issues: [{ code: 'unknown_teacher' }] });
  });
});
