import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from './world';
import { EXE, MP4, PDF, reflection, upload } from './files';

let world: JourneyWorld;
beforeAll(async () => {
  world = await startJourneyWorld();
});
afterAll(() => world.close());

const county = () => world.demo.countyId;
const school1 = () => world.demo.schools[0]?.id as string;

describe('the teacher and assessor journey through real launches', () => {
  let admin: string;
  let teacher: string;
  let assessor: string;
  let submissionId: string;
  let version: number;

  it('shows an unlinked course clearly, then the administrator links it to the county', async () => {
    teacher = await world.launch(4, { resourceLinkId: 3 });
    const before = await api(world, teacher, 'GET', '/api/v1/me/enrolment');
    expect(before.body).toMatchObject({ state: 'unlinked', message: { zh: '课程尚未关联研修项目，请联系管理员。' } });
    expect((await api(world, teacher, 'GET', '/api/v1/me/status')).body.error.code).toBe('course_not_linked');

    admin = await world.launch(2);
    const { body } = await api(world, admin, 'GET', '/api/v1/admin/contexts');
    const course = body.contexts.find((c: { label: string }) => c.label === 'XXZX2024');
    const refused = await api(world, teacher, 'PUT', `/api/v1/admin/contexts/${course.id}`, {
      programmeInstanceId: world.demo.programmeInstanceId,
      organisationId: county(),
    });
    expect(refused.status).toBe(403);
    const linked = await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course.id}`, {
      programmeInstanceId: world.demo.programmeInstanceId,
      organisationId: county(),
    });
    expect(linked.status).toBe(200);
  });

  it('lets the teacher of a county course pick a school once, then enrols idempotently', async () => {
    const needs = await api(world, teacher, 'GET', '/api/v1/me/enrolment');
    expect(needs.body.state).toBe('needs_school');
    expect(needs.body.schools).toHaveLength(3);
    const chosen = await api(world, teacher, 'PUT', '/api/v1/me/school', { schoolId: school1() });
    expect(chosen.body).toMatchObject({ state: 'enrolled', school: { environment: 'multimedia' } });
    expect((await api(world, teacher, 'PUT', '/api/v1/me/school', { schoolId: school1() })).status).toBe(409);
    const again = await api(world, teacher, 'GET', '/api/v1/me/enrolment');
    expect(again.body.enrolment.id).toBe(chosen.body.enrolment.id);
  });

  it('offers the catalogue with reasons and enforces the selection rules', async () => {
    const catalogue = await api(world, teacher, 'GET', '/api/v1/catalogue');
    // A teacher reads names and rules, never the configurers' verification notes or placeholder names.
    expect(JSON.stringify(catalogue.body)).not.toMatch(/核实|推断|未找到官方值|name unknown|inferred/);
    const task = await api(world, teacher, 'GET', '/api/v1/me/abilities/A2');
    expect(JSON.stringify(task.body)).not.toMatch(/核实|推断|未找到官方值|name unknown|inferred/);
    const b2 = catalogue.body.abilities.find((a: { code: string }) => a.code === 'B2');
    expect(b2).toMatchObject({ allowed: false, reason: { code: 'environment-not-available' } });
    const refused = await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A2', 'B2'] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.refused).toEqual([
      expect.objectContaining({
        abilityCode: 'B2',
        reason: expect.objectContaining({ code: 'environment-not-available' }),
      }),
    ]);
    const chosen = await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A2', 'A5'] });
    expect(chosen.status).toBe(200);
    const status = await api(world, teacher, 'GET', '/api/v1/me/status');
    expect(status.body.status.selection.countedCodes).toEqual(['A1', 'A2', 'A5']);
    expect(status.body.status.requirements.find((r: { id: string }) => r.id === 'abilities-selected').met).toBe(true);
  });

  it('saves drafts, uploads files, refuses executables and names what is missing', async () => {
    const short = await api(world, teacher, 'PUT', '/api/v1/me/abilities/A2/items/reflection', { text: '太短了' });
    expect(short.status).toBe(200);
    const exe = await api(
      world,
      teacher,
      'POST',
      '/api/v1/me/abilities/A2/items/lesson-design/file',
      EXE,
      upload('教学设计.pdf'),
    );
    expect(exe.status).toBe(415);
    const doc = await api(
      world,
      teacher,
      'POST',
      '/api/v1/me/abilities/A2/items/lesson-design/file',
      PDF,
      upload('教学设计.pdf'),
    );
    expect(doc.status).toBe(201);
    expect(doc.body.item.file).toMatchObject({ mime: 'application/pdf', name: '教学设计.pdf' });
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    const tooLarge = await api(
      world,
      teacher,
      'POST',
      '/api/v1/me/abilities/A2/items/lesson-design/file',
      big,
      upload('教学设计.pdf'),
    );
    expect(tooLarge.status).toBe(413);
    const clip = await api(
      world,
      teacher,
      'POST',
      '/api/v1/me/abilities/A2/items/classroom-clip/file',
      MP4,
      upload('课堂实录.mp4'),
    );
    expect(clip.status).toBe(201);

    const page = await api(world, teacher, 'GET', '/api/v1/me/abilities/A2');
    version = page.body.submission.version;
    const incomplete = await api(world, teacher, 'POST', '/api/v1/me/abilities/A2/submit', { version });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.error.details.problems).toEqual([
      expect.objectContaining({
        slotId: 'reflection',
        message: expect.objectContaining({ key: 'evidence.too-short' }),
      }),
    ]);
    const saved = await api(world, teacher, 'PUT', '/api/v1/me/abilities/A2/items/reflection', {
      text: reflection('初稿'),
      version,
    });
    version = saved.body.submission.version;
    const submitted = await api(world, teacher, 'POST', '/api/v1/me/abilities/A2/submit', { version });
    expect(submitted.body).toMatchObject({ state: 'submitted' });
    submissionId = submitted.body.id;
    version = submitted.body.version;
    const withdraw = await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A5'] });
    expect(withdraw.body.error.code).toBe('selection_locked');
  });

  it('lets the assessor find it in the queue, read the file and return one item', async () => {
    // The school's assessor (周老师) reviews from the school's own course; the county officer (王老师) only after.
    assessor = await world.launch(6, { courseId: 3 });
    await linkCourse(world, admin, 'S2-2024', school1());
    const queue = await api(world, assessor, 'GET', `/api/v1/review/queue?school=${school1()}&ability=A2`);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(submissionId);
    const detail = await api(world, assessor, 'GET', `/api/v1/review/submissions/${submissionId}`);
    expect(detail.body.ability.rubric.pass.length).toBeGreaterThan(0);
    const pdf = detail.body.items.find((i: { slotId: string }) => i.slotId === 'lesson-design');
    const file = await fetch(`${world.tool.url}${pdf.file.downloadUrl}`, {
      headers: { authorization: `Bearer ${assessor}` },
    });
    expect(file.headers.get('content-disposition')).toMatch(/^inline; .*filename\*=UTF-8''%E6%95%99/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);

    const returned = await api(world, assessor, 'POST', `/api/v1/review/submissions/${submissionId}/return`, {
      version,
      reasons: [{ slotId: 'reflection', reason: '反思需结合课堂实录中的具体片段' }],
    });
    expect(returned.body.state).toBe('returned');
  });

  it('lets the teacher see the reason and resubmit a new version, keeping history', async () => {
    const page = await api(world, teacher, 'GET', '/api/v1/me/abilities/A2');
    expect(page.body.submission.returnReasons).toEqual({ reflection: '反思需结合课堂实录中的具体片段' });
    const saved = await api(world, teacher, 'PUT', '/api/v1/me/abilities/A2/items/reflection', {
      text: reflection('修改稿'),
      version: page.body.submission.version,
    });
    const resubmitted = await api(world, teacher, 'POST', '/api/v1/me/abilities/A2/submit', {
      version: saved.body.submission.version,
    });
    expect(resubmitted.body.state).toBe('submitted');
    version = resubmitted.body.version;
    const history = (await api(world, teacher, 'GET', '/api/v1/me/abilities/A2')).body.submission.history;
    expect(history.map((h: { kind: string }) => h.kind)).toEqual(['submitted', 'returned', 'submitted']);
  });

  it('grades with optimistic concurrency, computes the ability grade and delivers it to the LMS column', async () => {
    const items = [
      { slotId: 'lesson-design', grade: 'excellent', comment: '设计完整' },
      { slotId: 'classroom-clip', grade: 'pass' },
      { slotId: 'reflection', grade: 'pass' },
    ];
    const county = await world.launch(3);
    const byCounty = await api(world, county, 'POST', `/api/v1/review/submissions/${submissionId}/grades`, {
      version,
      items,
    });
    expect(byCounty.status).toBe(403);
    expect(byCounty.body.error.code).toBe('school_review_by_county');
    const stale = await api(world, assessor, 'POST', `/api/v1/review/submissions/${submissionId}/grades`, {
      version: version - 1,
      items,
    });
    expect(stale.status).toBe(409);
    const graded = await api(world, assessor, 'POST', `/api/v1/review/submissions/${submissionId}/grades`, {
      version,
      items,
    });
    expect(graded.body).toMatchObject({ state: 'school_graded', grade: 'pass', gradebook: 'pending' });

    expect(await world.deliver()).toBeGreaterThanOrEqual(1);
    const column = world.sim.gradebook(2).find((c) => c.resourceLinkId === '3');
    expect(column?.results.find((r) => r.userId === '4')).toMatchObject({ resultScore: 80, comment: '合格' });
    const detail = await api(world, assessor, 'GET', `/api/v1/review/submissions/${submissionId}`);
    expect(detail.body).toMatchObject({ gradebook: 'delivered', grades: { school: 'pass' } });
    const status = await api(world, teacher, 'GET', '/api/v1/me/abilities/A2');
    expect(status.body.status).toMatchObject({ grade: 'pass', outcome: 'passed' });
  });

  it('lets the county confirm or override, keeping both grades', async () => {
    const refused = await api(world, assessor, 'POST', `/api/v1/review/submissions/${submissionId}/county-review`, {
      version: 0,
      decision: 'confirm',
    });
    expect(refused.body.error.code).toBe('county_review_by_school');
    const county = await world.launch(3);
    const detail = await api(world, county, 'GET', `/api/v1/review/submissions/${submissionId}`);
    expect(detail.body).toMatchObject({ canSchoolReview: false, canCountyReview: true, countyRefusal: null });
    const override = await api(world, county, 'POST', `/api/v1/review/submissions/${submissionId}/county-review`, {
      version: detail.body.submission.version,
      decision: 'override',
      items: [
        { slotId: 'lesson-design', grade: 'excellent' },
        { slotId: 'classroom-clip', grade: 'excellent' },
        { slotId: 'reflection', grade: 'excellent' },
      ],
      note: '抽检：整体优秀',
    });
    expect(override.body).toMatchObject({ state: 'county_overridden', schoolGrade: 'pass', countyGrade: 'excellent' });
    await world.deliver();
    const column = world.sim.gradebook(2).find((c) => c.resourceLinkId === '3');
    expect(column?.results.find((r) => r.userId === '4')).toMatchObject({ resultScore: 100, comment: '优秀' });
  });
});
