import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolments, organisations, programmeInstances, teacherStatus } from '../../lti-tool/server/db/schema';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { voidCompletion } from '../../lti-tool/server/services/completions/ledger';
import { recordCompletions } from '../../lti-tool/server/services/completions/record';
import { backfillTeacherStatus } from '../../lti-tool/server/services/teacher-status/backfill';
import { statusFigures } from '../../lti-tool/server/services/teacher-status/row';
import { teacherStatus as evaluate } from '../../lti-tool/server/services/teacher-journey/records';
import { MP4, PDF, reflection, upload } from './files';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from './world';

let world: JourneyWorld;
beforeAll(async () => {
  world = await startJourneyWorld();
});
afterAll(() => world.close());

const db = () => world.tool.database.db;

/** The stored row must be exactly what the engine says now about the same records. */
async function expectRowIsEngine(enrolmentId: string) {
  const [row] = await db().select().from(teacherStatus).where(eq(teacherStatus.enrolmentId, enrolmentId));
  const [e] = await db()
    .select({ enrolment: enrolments, instance: programmeInstances, school: organisations })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(eq(enrolments.id, enrolmentId));
  const engine = statusFigures(await evaluate(db(), e!.enrolment, e!.instance, e!.school));
  expect(row).toBeDefined();
  expect(row).toMatchObject({ ...engine, schoolId: e!.enrolment.schoolId, groupId: e!.enrolment.groupId });
  return row!;
}

describe('teacher_status rows follow every write, in the same transaction', () => {
  let teacher: string;
  let assessor: string;
  let enrolmentId: string;
  let submissionId: string;
  let version: number;

  it('backfills rows for enrolments that have none (the seeded demo county)', async () => {
    const written = await backfillTeacherStatus(db());
    expect(written).toBe(world.demo.teachers.length);
    for (const t of world.demo.teachers.slice(0, 3)) await expectRowIsEngine(t.enrolmentId);
    expect(await backfillTeacherStatus(db())).toBe(0);
  });

  it('creates the row with the enrolment and refreshes it on selections', async () => {
    teacher = await world.launch(4, { resourceLinkId: 3 });
    const admin = await world.launch(2);
    const { body } = await api(world, admin, 'GET', '/api/v1/admin/contexts');
    const course = body.contexts.find((c: { label: string }) => c.label === 'XXZX2024');
    await api(world, admin, 'PUT', `/api/v1/admin/contexts/${course.id}`, {
      programmeInstanceId: world.demo.programmeInstanceId,
      organisationId: world.demo.countyId,
    });
    const chosen = await api(world, teacher, 'PUT', '/api/v1/me/school', { schoolId: world.demo.schools[0]!.id });
    enrolmentId = chosen.body.enrolment.id;
    expect((await expectRowIsEngine(enrolmentId)).state).toBe('not_started');
    await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A2', 'A5'] });
    expect((await expectRowIsEngine(enrolmentId)).abilitiesChosen).toBe(3);
  });

  it('refreshes on evidence saves and on submit', async () => {
    const saved = await api(world, teacher, 'PUT', '/api/v1/me/abilities/A2/items/reflection', {
      text: reflection('初稿'),
    });
    expect(saved.status).toBe(200);
    await expectRowIsEngine(enrolmentId);
    const path = '/api/v1/me/abilities/A2/items';
    expect((await api(world, teacher, 'POST', `${path}/lesson-design/file`, PDF, upload('教学设计.pdf'))).status).toBe(
      201,
    );
    expect((await api(world, teacher, 'POST', `${path}/classroom-clip/file`, MP4, upload('课堂实录.mp4'))).status).toBe(
      201,
    );
    await expectRowIsEngine(enrolmentId);
    version = (await api(world, teacher, 'GET', '/api/v1/me/abilities/A2')).body.submission.version;
    const submitted = await api(world, teacher, 'POST', '/api/v1/me/abilities/A2/submit', { version });
    expect(submitted.status).toBe(200);
    submissionId = submitted.body.id;
    version = submitted.body.version;
    expect((await expectRowIsEngine(enrolmentId)).abilitiesSubmitted).toBe(1);
  });

  it('refreshes on return, grading and the county review', async () => {
    // The school's assessor grades from the school's course; the county officer reviews from the county's.
    assessor = await world.launch(6, { courseId: 3 });
    await linkCourse(world, await world.launch(2), 'S2-2024', world.demo.schools[0]!.id);
    const countyOfficer = await world.launch(3);
    const detail = await api(world, assessor, 'GET', `/api/v1/review/submissions/${submissionId}`);
    const slots = (detail.body.items as { slotId: string }[]).map((i) => i.slotId);
    const returned = await api(world, assessor, 'POST', `/api/v1/review/submissions/${submissionId}/return`, {
      version,
      reasons: [{ slotId: slots[0], reason: '请补充课堂片段' }],
    });
    expect(returned.body.state).toBe('returned');
    expect((await expectRowIsEngine(enrolmentId)).abilitiesSubmitted).toBe(0);
    const resubmitted = await api(world, teacher, 'POST', '/api/v1/me/abilities/A2/submit', {
      version: returned.body.version,
    });
    const graded = await api(world, assessor, 'POST', `/api/v1/review/submissions/${submissionId}/grades`, {
      version: resubmitted.body.version,
      items: slots.map((slotId) => ({ slotId, grade: 'pass' })),
    });
    expect(graded.body.state).toBe('school_graded');
    expect((await expectRowIsEngine(enrolmentId)).abilitiesPassed).toBe(1);
    const county = await api(world, countyOfficer, 'POST', `/api/v1/review/submissions/${submissionId}/county-review`, {
      version: graded.body.version,
      decision: 'override',
      items: slots.map((slotId) => ({ slotId, grade: 'excellent' })),
      note: '抽检',
    });
    expect(county.body.state).toBe('county_overridden');
    expect((await expectRowIsEngine(enrolmentId)).abilitiesExcellent).toBe(1);
  });

  it('refreshes on a completions import and on its correction in the ledger', async () => {
    const teacherId = world.demo.teachers[0]!;
    await upsertCourseMappings(db(), world.tenantId, [{ courseRef: 'C-STATUS', abilityCode: 'A1', hours: 12 }]);
    const before = await expectRowIsEngine(teacherId.enrolmentId);
    const actor = { actorPersonId: null, actorLabel: 'test', client: 'system' as const, requestId: null };
    const [outcome] = await recordCompletions(
      db(),
      { tenantId: world.tenantId, sourceKind: 'api', sourceId: 'status-test', recorder: { system: 'test' }, actor },
      [
        {
          externalId: 'status-1',
          teacher: { by: 'person_id', value: teacherId.personId },
          courseRef: 'C-STATUS',
          // The demo programme runs around today (its window is this school year ± 1).
          completedAt: new Date(Date.now() - 86_400_000),
          evidence: {},
        },
      ],
    );
    expect(outcome?.status).toBe('created');
    const credited = await expectRowIsEngine(teacherId.enrolmentId);
    expect(credited.onlineMinutes).toBe(before.onlineMinutes + 12 * 60);
    expect(credited.lastActivityAt).not.toBeNull();
    await voidCompletion(db(), {
      tenantId: world.tenantId,
      completionId: (outcome as { completionId: string }).completionId,
      reason: '重复导入',
      recorder: { system: 'test' },
      actor,
    });
    expect((await expectRowIsEngine(teacherId.enrolmentId)).onlineMinutes).toBe(before.onlineMinutes);
  });
});
