import { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organisations, people } from '../../lti-tool/server/db/schema';
import { seedDemo, type DemoWorld } from '../../lti-tool/server/demo/seed';
import type { Actor } from '../../lti-tool/server/services/actor';
import {
  artefactFile,
  decideArtefact,
  listSchoolArtefacts,
  openArtefact,
  schoolArtefactsOf,
  submitArtefact,
} from '../../lti-tool/server/services/schools/artefacts';
import { artefactQueue } from '../../lti-tool/server/services/schools/artefact-queue';
import { uploadArtefactVersion } from '../../lti-tool/server/services/schools/artefact-versions';
import { overview } from '../../lti-tool/server/services/schools/overview';
import { oversightScope } from '../../lti-tool/server/services/schools/scope';
import { grantRole } from '../../lti-tool/server/services/role-grants/grants';
import { ensureTenant } from '../../lti-tool/server/services/platform-admin';
import { createBlobStore, FileTooLargeError, type BlobStore } from '../../lti-tool/server/storage';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testTempDir } from '../helpers/temp-dir';

/** The school artefact workflow against the database: versions, submit, return, resubmit, approve; roles; audit. */
let database: TestDatabase;
let demo: DemoWorld;
let storage: BlobStore;
let tenantId: string;
let team: Actor;
let county: Actor;
let otherTeam: Actor;
const db = () => database.db;
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

async function person(name: string, role: 'school_team' | 'county_admin', organisationId: string): Promise<Actor> {
  const [p] = await db()
    .insert(people)
    .values({ tenantId, displayName: name, email: `${name}@example.cn` })
    .returning();
  const by = { tenantId, actor: { actorLabel: 'test', client: 'system' as const } };
  await grantRole(db(), by, { personId: p!.id, role, organisationId, source: 'admin' });
  return { tenantId, personId: p!.id, roles: [], label: name, client: 'web', requestId: null };
}

const scopeOf = (actor: Actor) => oversightScope(db(), actor, demo.programmeInstanceId);
const upload = async (actor: Actor, schoolId: string, artefactId: string, bytes: Buffer, filename = '规划.pdf') =>
  uploadArtefactVersion(db(), storage, await scopeOf(actor), actor, {
    schoolId,
    artefactId,
    filename,
    body: Readable.from([bytes]),
    declaredBytes: bytes.length,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await ensureTenant(database.db, 'artefacts', '学校文档');
  storage = createBlobStore({ dataDir: await testTempDir('artefacts-') });
  demo = await seedDemo(database.db, { tenantId, storage });
  team = await person('校长甲', 'school_team', demo.schools[0]!.id);
  otherTeam = await person('校长乙', 'school_team', demo.schools[1]!.id);
  county = await person('区县审核员', 'county_admin', demo.countyId);
});
afterAll(() => database.close());

describe('a school plan from upload to approval', () => {
  const school = () => demo.schools[0]!.id;

  it('uploads versions, submits, is returned with a reason, resubmits and is approved, all audited', async () => {
    const opened = await openArtefact(db(), await scopeOf(team), team, school(), { kind: 'development_plan' });
    expect(opened).toMatchObject({ status: 'draft', changed: true, versions: [] });
    // Opening again (a retry) finds the same artefact and changes nothing.
    const again = await openArtefact(db(), await scopeOf(team), team, school(), { kind: 'development_plan' });
    expect(again).toMatchObject({ id: opened.id, changed: false });

    const v1 = await upload(team, school(), opened.id, pdf('first'));
    expect(v1.versions.map((v) => v.version)).toEqual([1]);
    // The same bytes again (a retried upload) make no new version.
    expect(await upload(team, school(), opened.id, pdf('first'))).toMatchObject({ changed: false });
    const submitted = await submitArtefact(db(), await scopeOf(team), team, school(), opened.id, v1.versions[0]!.id);
    expect(submitted).toMatchObject({ status: 'submitted', submittedVersionId: v1.versions[0]!.id, changed: true });
    // Submitting twice is a retry: nothing changes; uploading while the county has it is refused.
    expect(
      await submitArtefact(db(), await scopeOf(team), team, school(), opened.id, v1.versions[0]!.id),
    ).toMatchObject({ changed: false });
    await expect(upload(team, school(), opened.id, pdf('too early'))).rejects.toMatchObject({
      code: 'artefact_state',
    });

    const queue = await artefactQueue(db(), await scopeOf(county));
    expect(queue.items.map((i) => [i.id, i.schoolName, i.canDecide])).toEqual([
      [opened.id, demo.schools[0]!.name, true],
    ]);
    const returned = await decideArtefact(db(), await scopeOf(county), county, school(), opened.id, {
      versionId: v1.versions[0]!.id,
      approve: false,
      reason: '请补充信息化发展目标与年度计划',
    });
    expect(returned).toMatchObject({ status: 'returned', returnReason: '请补充信息化发展目标与年度计划' });
    // The same return again (a retried click) changes nothing.
    expect(
      await decideArtefact(db(), await scopeOf(county), county, school(), opened.id, {
        versionId: v1.versions[0]!.id,
        approve: false,
        reason: '请补充信息化发展目标与年度计划',
      }),
    ).toMatchObject({ changed: false });
    expect((await artefactQueue(db(), await scopeOf(county))).items).toEqual([]);

    const v2 = await upload(team, school(), opened.id, pdf('second'), '规划（修订）.pdf');
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(v2.status).toBe('draft');
    // Only the latest version may be submitted.
    await expect(
      submitArtefact(db(), await scopeOf(team), team, school(), opened.id, v1.versions[0]!.id),
    ).rejects.toMatchObject({ code: 'artefact_stale_version' });
    const latest = v2.versions[0]!.id;
    await submitArtefact(db(), await scopeOf(team), team, school(), opened.id, latest);
    const approved = await decideArtefact(db(), await scopeOf(county), county, school(), opened.id, {
      versionId: latest,
      approve: true,
    });
    expect(approved).toMatchObject({ status: 'approved', approvedVersionId: latest, returnReason: null });
    expect(
      await decideArtefact(db(), await scopeOf(county), county, school(), opened.id, {
        versionId: latest,
        approve: true,
      }),
    ).toMatchObject({ changed: false });

    const audit = await db()
      .select({ action: auditLog.action, actor: auditLog.actorPersonId, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'school_artefact'), eq(auditLog.entityId, opened.id)))
      .orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual([
      'school_artefact.open',
      'school_artefact.upload',
      'school_artefact.submit',
      'school_artefact.return',
      'school_artefact.upload',
      'school_artefact.submit',
      'school_artefact.approve',
    ]);
    expect(audit[3]).toMatchObject({ actor: county.personId, after: { reason: '请补充信息化发展目标与年度计划' } });

    const view = await overview(db(), await scopeOf(county));
    expect(view.schools.find((s) => s.id === school())?.artefactsApproved).toBe(1);
    expect(view.total.artefactsApproved).toBe(1);
  });

  it('reads for the e-archive: every version with its blob, the file by version', async () => {
    const [record] = await listSchoolArtefacts(db(), {
      tenantId,
      programmeInstanceId: demo.programmeInstanceId,
      schoolId: demo.schools[0]!.id,
    });
    expect(record!.versions.map((v) => [v.version, v.originalName, v.uploaderName])).toEqual([
      [2, '规划（修订）.pdf', '校长甲'],
      [1, '规划.pdf', '校长甲'],
    ]);
    const file = await artefactFile(
      db(),
      await scopeOf(county),
      demo.schools[0]!.id,
      record!.id,
      record!.versions[1]!.id,
    );
    expect(file.mime).toBe('application/pdf');
    const object = await storage.get(file.storageKey);
    const chunks: Buffer[] = [];
    for await (const c of object!.body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toContain('first');
  });
});

describe('research plan theme and group plans', () => {
  it("an approved 校本研修方案's theme becomes the school's research theme", async () => {
    const school = demo.schools[0]!.id;
    const a = await openArtefact(db(), await scopeOf(team), team, school, {
      kind: 'research_plan',
      theme: '信息技术支持的大单元教学',
    });
    const v = await upload(team, school, a.id, pdf('研修方案'), '校本研修方案.pdf');
    expect(v.versions[0]!.theme).toBe('信息技术支持的大单元教学');
    await submitArtefact(db(), await scopeOf(team), team, school, a.id, v.versions[0]!.id);
    await decideArtefact(db(), await scopeOf(county), county, school, a.id, {
      versionId: v.versions[0]!.id,
      approve: true,
    });
    const [org] = await db().select().from(organisations).where(eq(organisations.id, school));
    expect(org!.researchTheme).toBe('信息技术支持的大单元教学');
  });

  it('a group plan needs a 教研组 of this school', async () => {
    const [mine, theirs] = [demo.schools[0]!, demo.schools[1]!];
    await expect(openArtefact(db(), await scopeOf(team), team, mine.id, { kind: 'group_plan' })).rejects.toMatchObject({
      code: 'artefact_group_required',
    });
    await expect(
      openArtefact(db(), await scopeOf(team), team, mine.id, { kind: 'group_plan', groupId: theirs.groupIds[0]! }),
    ).rejects.toMatchObject({ code: 'artefact_group_required' });
    const plan = await openArtefact(db(), await scopeOf(team), team, mine.id, {
      kind: 'group_plan',
      groupId: mine.groupIds[0]!,
    });
    expect(plan.groupName).toBe('语文组');
  });
});

describe('roles, scope and limits', () => {
  it('only the school team uploads and submits; only its county decides, never the submitter', async () => {
    const school = demo.schools[1]!.id;
    // The first school's team sees nothing of the second school.
    await expect(schoolArtefactsOf(db(), await scopeOf(team), school)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      openArtefact(db(), await scopeOf(team), team, school, { kind: 'development_plan' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    // The county officer reads but may not upload for the school.
    await expect(
      openArtefact(db(), await scopeOf(county), county, school, { kind: 'development_plan' }),
    ).rejects.toMatchObject({ code: 'school_team_required' });
    const a = await openArtefact(db(), await scopeOf(otherTeam), otherTeam, school, { kind: 'development_plan' });
    const v = await upload(otherTeam, school, a.id, pdf('乙校规划'));
    await submitArtefact(db(), await scopeOf(otherTeam), otherTeam, school, a.id, v.versions[0]!.id);
    await expect(
      decideArtefact(db(), await scopeOf(otherTeam), otherTeam, school, a.id, {
        versionId: v.versions[0]!.id,
        approve: true,
      }),
    ).rejects.toMatchObject({ code: 'county_admin_required' });
    // A team member who is also the county officer may not approve their own submission.
    const both = await person('兼任', 'school_team', school);
    const by = { tenantId, actor: { actorLabel: 'test', client: 'system' as const } };
    await grantRole(db(), by, {
      personId: both.personId!,
      role: 'county_admin',
      organisationId: demo.countyId,
      source: 'admin',
    });
    const b = await openArtefact(db(), await scopeOf(both), both, school, {
      kind: 'group_plan',
      groupId: demo.schools[1]!.groupIds[0]!,
    });
    const bv = await upload(both, school, b.id, pdf('组计划'));
    await submitArtefact(db(), await scopeOf(both), both, school, b.id, bv.versions[0]!.id);
    await expect(
      decideArtefact(db(), await scopeOf(both), both, school, b.id, { versionId: bv.versions[0]!.id, approve: true }),
    ).rejects.toMatchObject({ code: 'artefact_same_person' });
    const view = await schoolArtefactsOf(db(), await scopeOf(county), school);
    expect(view.can).toEqual({ edit: false, decide: true });
    expect(view.items.map((i) => i.status).sort()).toEqual(['submitted', 'submitted']);
  });

  it('refuses a wrong type, content that does not match its name, and a file over the limit', async () => {
    const school = demo.schools[0]!.id;
    const a = await openArtefact(db(), await scopeOf(team), team, school, { kind: 'development_plan' });
    await expect(upload(team, school, a.id, pdf('x'), 'plan.exe')).rejects.toMatchObject({
      code: 'file_type_not_allowed',
      details: { reason: 'extension-not-allowed' },
    });
    await expect(upload(team, school, a.id, Buffer.from('MZ\x90\x00binary'), 'plan.pdf')).rejects.toMatchObject({
      code: 'file_type_not_allowed',
      details: { reason: 'executable' },
    });
    const scope = await scopeOf(team);
    await expect(
      uploadArtefactVersion(db(), storage, scope, team, {
        schoolId: school,
        artefactId: a.id,
        filename: 'big.pdf',
        body: Readable.from([pdf('x')]),
        declaredBytes: 21 * 1024 * 1024,
      }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
    // Without a declared length the stream is cut at the limit.
    const big = Buffer.concat([pdf('x'), Buffer.alloc(20 * 1024 * 1024)]);
    await expect(
      uploadArtefactVersion(db(), storage, scope, team, {
        schoolId: school,
        artefactId: a.id,
        filename: 'big.pdf',
        body: Readable.from([big]),
        declaredBytes: undefined,
      }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
  });
});
