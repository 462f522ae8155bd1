import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db/client';
import {
  contextProgrammeLinks,
  enrolments,
  ltiContexts,
  ltiIdentities,
  organisations,
  people,
  platforms,
} from '../db/schema';
import type { Logger } from '../logger';
import { ensureTenant, registerPlatform } from '../services/platform-admin';
import type { BlobStore } from '../storage';
import { seedDemo } from './seed';
import { seedDemoOversight } from './seed-oversight';

/**
 * The local demo (`npm start` outside production): a Moodle-like platform in the same process (the LTI platform
 * simulator from test/, loaded only here), registered with the tool, a seeded county, and sample users whose LTI
 * ids map to the seeded people. Everything the tool does in the demo goes through the real LTI flow.
 */
export interface DemoUser {
  id: number;
  name: string;
  role: 'teacher' | 'assessor' | 'institution_admin' | 'school_team' | 'county_admin';
  school?: string;
  launchUrl: string;
}

export interface DemoPlatform {
  url: string;
  users: DemoUser[];
  deepLinkingUrl: string;
  close(): Promise<void>;
}

/** The tenant the demo's county, schools and people belong to. */
export const DEMO_TENANT = { slug: 'demo', name: '示范县教师发展中心（演示）' };
const CLIENT_ID = 'demo-tool';
const COURSE = { id: 1, label: 'DEMO-2.0', title: '示范县 能力提升工程2.0 校本研修' };
/** The first school's own course: its assessor gives the school grade (学校评定) from here. */
const SCHOOL_COURSE = { id: 2, label: 'DEMO-S1-2.0', title: '示范县第一小学 校本研修（学校评审）' };
const ADMIN = 1;
const ASSESSOR = 2;
const SCHOOL_ASSESSOR = 4;
const NEW_TEACHER = 9;
/** 校长 of 示范县第一小学, leading its management team (school_team). */
const PRINCIPAL = 3;
const FIRST_SEEDED = 11;

export async function startDemoPlatform(deps: {
  db: Db;
  config: Config;
  storage: BlobStore;
  logger: Logger;
}): Promise<DemoPlatform> {
  const { startPlatformSimulator } = await import('../../../scripts/lti-simulator/index');
  const { db, config } = deps;
  const host = new URL(config.publicUrl).hostname === '127.0.0.1' ? '127.0.0.1' : 'localhost';
  const sim = await startPlatformSimulator({
    host,
    port: config.port + 1,
    site: { shortName: 'demo', fullName: '演示学习平台（Moodle 模拟）' },
  }).catch(() =>
    startPlatformSimulator({ host, site: { shortName: 'demo', fullName: '演示学习平台（Moodle 模拟）' } }),
  );
  const tool = sim.registerTool({
    clientId: CLIENT_ID,
    name: '能力提升工程2.0（演示）',
    loginUrl: `${config.publicUrl}/lti/login`,
    redirectUris: [`${config.publicUrl}/lti/launch`],
    jwksUrl: `${config.publicUrl}/.well-known/jwks.json`,
    deepLinkingUrl: `${config.publicUrl}/lti/launch`,
    targetLinkUri: `${config.publicUrl}/lti/launch`,
    launchContainer: 'embed',
  });

  const tenantId = await ensureTenant(db, DEMO_TENANT.slug, DEMO_TENANT.name);
  const platformId = await demoPlatformRow(db, sim, tool.deploymentId);
  const world = await seedDemo(db, { tenantId, storage: deps.storage });
  // The county made large (40 schools, 2,047 teachers) and its officer and a principal granted their roles.
  const oversight = await seedDemoOversight(db, { tenantId, world, storage: deps.storage });

  sim.addCourse(COURSE);
  sim.addUser({
    id: ADMIN,
    given_name: '管理员',
    family_name: '机构',
    email: 'admin@demo.example.cn',
    username: 'admin',
    lang: 'zh_cn',
  });
  // Names and emails come from the seeded records: a launch refreshes them from the platform, and the seed finds
  // its people by email, so they must agree or a restart would seed a second assessor.
  const [assessor] = await db
    .select({ name: people.displayName, email: people.email })
    .from(people)
    .where(eq(people.id, world.assessorId));
  sim.addUser({
    id: ASSESSOR,
    name: assessor?.name,
    given_name: assessor?.name ?? '赵老师',
    family_name: '',
    email: assessor?.email ?? 'demo-assessor@demo.example.cn',
    username: 'assessor',
    lang: 'zh_cn',
  });
  sim.addUser({
    id: NEW_TEACHER,
    given_name: '老师',
    family_name: '新',
    email: 'new@demo.example.cn',
    username: 'newteacher',
    lang: 'zh_cn',
  });
  sim.addUser({
    id: PRINCIPAL,
    name: oversight.principal.name,
    given_name: oversight.principal.name,
    family_name: '',
    email: oversight.principal.email,
    username: 'principal',
    lang: 'zh_cn',
  });
  sim.enrol(COURSE.id, PRINCIPAL, 'Instructor');
  const firstSchool = world.schools[0]!;
  const [schoolAssessor] = await db
    .select({ name: people.displayName, email: people.email })
    .from(people)
    .where(eq(people.id, firstSchool.assessorId));
  sim.addCourse(SCHOOL_COURSE);
  sim.addUser({
    id: SCHOOL_ASSESSOR,
    name: schoolAssessor?.name,
    given_name: schoolAssessor?.name ?? '钱老师',
    family_name: '',
    email: schoolAssessor?.email ?? 'demo-assessor-demo-s1@demo.example.cn',
    username: 'school-assessor',
    lang: 'zh_cn',
  });
  sim.makeSiteAdmin(ADMIN);
  sim.enrol(COURSE.id, ASSESSOR, 'Instructor');
  sim.enrol(SCHOOL_COURSE.id, SCHOOL_ASSESSOR, 'Instructor');
  sim.enrol(COURSE.id, NEW_TEACHER, 'Learner');
  const seeded = await seededTeachers(
    db,
    world.teachers.map((t) => t.personId),
  );
  for (const [index, teacher] of seeded.entries()) {
    const id = FIRST_SEEDED + index;
    sim.addUser({
      id,
      name: teacher.name,
      given_name: teacher.name,
      family_name: '',
      email: teacher.email ?? `t${id}@demo.example.cn`,
      username: `teacher${id}`,
      lang: 'zh_cn',
    });
    sim.enrol(COURSE.id, id, 'Learner');
  }
  sim.addResourceLink({
    courseId: COURSE.id,
    clientId: CLIENT_ID,
    id: 1,
    title: '我的研修',
    custom: { placement: 'teacher-home' },
  });
  sim.addResourceLink({
    courseId: COURSE.id,
    clientId: CLIENT_ID,
    id: 2,
    title: '成果审核',
    custom: { placement: 'review-queue' },
  });
  sim.addResourceLink({
    courseId: COURSE.id,
    clientId: CLIENT_ID,
    id: 3,
    title: '学校看板',
    custom: { placement: 'school-dashboard' },
  });
  sim.addResourceLink({
    courseId: COURSE.id,
    clientId: CLIENT_ID,
    id: 4,
    title: '区县总览',
    custom: { placement: 'county-dashboard' },
  });

  sim.addResourceLink({
    courseId: SCHOOL_COURSE.id,
    clientId: CLIENT_ID,
    id: 5,
    title: '学校评定',
    custom: { placement: 'review-queue' },
  });

  // Map the platform's users to the seeded people, so their records show up at the first launch.
  const mapping: Array<[string, string]> = [
    [String(ASSESSOR), world.assessorId],
    [String(PRINCIPAL), oversight.principal.personId],
    [String(SCHOOL_ASSESSOR), firstSchool.assessorId],
    ...seeded.map((t, i): [string, string] => [String(FIRST_SEEDED + i), t.personId]),
  ];
  for (const [subject, personId] of mapping) {
    await db.insert(ltiIdentities).values({ tenantId, platformId, subject, personId }).onConflictDoNothing();
  }
  const link = {
    tenantId,
    platformId,
    deploymentId: tool.deploymentId,
    sim,
    programmeInstanceId: world.programmeInstanceId,
  };
  await linkDemoCourse(db, { ...link, course: COURSE, organisationId: world.countyId, linkedBy: world.assessorId });
  await linkDemoCourse(db, {
    ...link,
    course: SCHOOL_COURSE,
    organisationId: firstSchool.id,
    linkedBy: firstSchool.assessorId,
  });

  const launchUrl = (user: number, link: number, course = COURSE.id) =>
    `${sim.issuer}/mod/lti/view.php?${new URLSearchParams({ client_id: CLIENT_ID, course: String(course), user: String(user), id: String(link) })}`;
  const users: DemoUser[] = [
    ...seeded.slice(0, 6).map((t, i): DemoUser => ({
      id: FIRST_SEEDED + i,
      name: t.name,
      role: 'teacher',
      school: t.school,
      launchUrl: launchUrl(FIRST_SEEDED + i, 1),
    })),
    { id: NEW_TEACHER, name: '新老师（尚未选择学校）', role: 'teacher', launchUrl: launchUrl(NEW_TEACHER, 1) },
    { id: ASSESSOR, name: '赵老师（区县总览）', role: 'county_admin', launchUrl: launchUrl(ASSESSOR, 4) },
    {
      id: PRINCIPAL,
      name: `${oversight.principal.name}（学校看板）`,
      role: 'school_team',
      school: oversight.principal.school,
      launchUrl: launchUrl(PRINCIPAL, 3),
    },
    {
      id: SCHOOL_ASSESSOR,
      name: '钱老师（第一小学 学校评定）',
      role: 'assessor',
      school: firstSchool.name,
      launchUrl: launchUrl(SCHOOL_ASSESSOR, 5, SCHOOL_COURSE.id),
    },
    { id: ASSESSOR, name: '赵老师（区县研训中心 区县复核）', role: 'assessor', launchUrl: launchUrl(ASSESSOR, 2) },
    { id: ADMIN, name: '机构管理员', role: 'institution_admin', launchUrl: launchUrl(ADMIN, 1) },
  ];
  deps.logger.info('demo platform started', { url: sim.issuer });
  return {
    url: sim.issuer,
    users,
    deepLinkingUrl: `${sim.issuer}/mod/lti/view.php?${new URLSearchParams({ client_id: CLIENT_ID, course: String(COURSE.id), user: String(ASSESSOR), dl: '1' })}`,
    close: () => sim.close(),
  };
}

/** One registration per demo issuer: restarts on the same port reuse it. */
async function demoPlatformRow(
  db: Db,
  sim: { issuer: string; endpoints: { auth: string; token: string; jwks: string } },
  deploymentId: string,
) {
  const [existing] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .where(and(eq(platforms.issuer, sim.issuer), eq(platforms.clientId, CLIENT_ID)));
  if (existing) return existing.id;
  const platform = await registerPlatform(db, {
    tenant: DEMO_TENANT.slug,
    name: '演示学习平台（Moodle 模拟）',
    issuer: sim.issuer,
    clientId: CLIENT_ID,
    authLoginUrl: sim.endpoints.auth,
    accessTokenUrl: sim.endpoints.token,
    jwksUrl: sim.endpoints.jwks,
    deploymentIds: [deploymentId],
  });
  return platform.id;
}

async function seededTeachers(db: Db, personIds: string[]) {
  if (personIds.length === 0) return [];
  const rows = await db
    .select({ personId: people.id, name: people.displayName, email: people.email, school: organisations.name })
    .from(people)
    .innerJoin(enrolments, eq(enrolments.personId, people.id))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(inArray(people.id, personIds));
  return personIds
    .map((id) => rows.find((r) => r.personId === id))
    .filter((r): r is NonNullable<typeof r> => r !== undefined);
}

/** A course exists before anyone launches, already linked to the demo programme and its organisation. */
async function linkDemoCourse(
  db: Db,
  input: {
    tenantId: string;
    platformId: string;
    deploymentId: string;
    sim: { issuer: string };
    programmeInstanceId: string;
    course: { id: number; label: string; title: string };
    organisationId: string;
    linkedBy: string;
  },
) {
  const { course } = input;
  const services = `${input.sim.issuer}/mod/lti/services.php`;
  const [context] = await db
    .insert(ltiContexts)
    .values({
      tenantId: input.tenantId,
      platformId: input.platformId,
      deploymentId: input.deploymentId,
      contextId: String(course.id),
      label: course.label,
      title: course.title,
      lineItemsUrl: `${services}/${course.id}/lineitems?type_id=${input.deploymentId}`,
      membershipsUrl: `${services}/CourseSection/${course.id}/bindings/${input.deploymentId}/memberships`,
    })
    .onConflictDoUpdate({ target: [ltiContexts.platformId, ltiContexts.contextId], set: { title: course.title } })
    .returning({ id: ltiContexts.id });
  if (!context) throw new Error('demo course upsert returned nothing');
  await db
    .insert(contextProgrammeLinks)
    .values({
      tenantId: input.tenantId,
      contextId: context.id,
      programmeInstanceId: input.programmeInstanceId,
      organisationId: input.organisationId,
      linkedByPersonId: input.linkedBy,
    })
    .onConflictDoNothing();
}
