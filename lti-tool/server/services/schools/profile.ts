import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { ProfilePatchBody, SchoolProfile } from '../../../../shared/api/school-profile';
import type { Db, DbTransaction } from '../../db/client';
import { enrolments, organisations, people, programmeInstances, roleAssignments } from '../../db/schema';
import {
  profileRights,
  requireProfileEditor,
  requireProfileReader,
  type SchoolStanding,
} from '../../policies/school-profile';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import { refreshTeacherStatuses } from '../teacher-status/refresh';
import { programmeOf } from '../teacher-journey/course-link';
import type { OversightScope } from './scope';

type School = typeof organisations.$inferSelect;

/** The school row of the scope's tenant (any kind but a school is 404), optionally locked for a change. */
export async function loadSchool(db: Db | DbTransaction, scope: OversightScope, schoolId: string, lock = false) {
  const query = db
    .select()
    .from(organisations)
    .where(
      and(eq(organisations.tenantId, scope.tenantId), eq(organisations.id, schoolId), eq(organisations.kind, 'school')),
    );
  const [school] = lock ? await query.for('update') : await query;
  if (!school) throw new DomainError('not_found');
  return school;
}

/** What the person is to the school: the policy decides on this. The principal counts only while on the team. */
export function standingOf(scope: OversightScope, school: Pick<School, 'id' | 'principalPersonId'>): SchoolStanding {
  const teamMember = scope.teamSchoolIds.has(school.id);
  return {
    inScope: scope.schoolIds.has(school.id),
    teamMember,
    principal: teamMember && scope.personId !== null && school.principalPersonId === scope.personId,
    institutionAdmin: scope.level === 'tenant',
  };
}

/** The school of the scope and the person's standing, refused by `check` (reader, editor or team manager). */
export async function schoolFor(
  db: Db | DbTransaction,
  scope: OversightScope,
  schoolId: string,
  check: (s: SchoolStanding) => void,
  lock = false,
) {
  // Out of scope answers 404 before anything is read.
  if (!scope.schoolIds.has(schoolId)) throw new DomainError('not_found');
  const school = await loadSchool(db, scope, schoolId, lock);
  const standing = standingOf(scope, school);
  check(standing);
  return { school, standing };
}

/** The abilities a school of this environment may choose in the scope's programme, in catalogue order. */
async function abilityOptions(db: Db | DbTransaction, scope: OversightScope, environment: string) {
  const [instance] = await db
    .select()
    .from(programmeInstances)
    .where(eq(programmeInstances.id, scope.programmeInstanceId));
  if (!instance) throw new DomainError('course_not_linked');
  const { programme, catalogue } = programmeOf(instance);
  const allowed = programme.selection?.environmentsBySchool.value[environment as 'multimedia'] ?? [];
  return catalogue.abilities
    .filter((a) => allowed.includes(a.environment))
    .map((a) => ({ code: a.code, name: { zh: a.name.zh, en: a.name.en }, environment: a.environment }));
}

/** The profile as the screen shows it, with what the person may change. */
export async function schoolProfile(db: Db, scope: OversightScope, schoolId: string): Promise<SchoolProfile> {
  const { school, standing } = await schoolFor(db, scope, schoolId, requireProfileReader);
  return present(db, scope, school, standing);
}

async function present(
  db: Db | DbTransaction,
  scope: OversightScope,
  school: School,
  standing: SchoolStanding,
): Promise<SchoolProfile> {
  const team = await db
    .select({ personId: people.id, name: people.displayName, email: people.email })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.tenantId, scope.tenantId),
        eq(roleAssignments.organisationId, school.id),
        eq(roleAssignments.role, 'school_team'),
        isNull(roleAssignments.revokedAt),
      ),
    );
  const ofSchool = and(
    eq(enrolments.tenantId, scope.tenantId),
    eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
    eq(enrolments.schoolId, school.id),
    ne(enrolments.status, 'withdrawn'),
  );
  const teachers = await db
    .select({
      enrolmentId: enrolments.id,
      name: people.displayName,
      subject: enrolments.subject,
      groupId: enrolments.groupId,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(ofSchool)
    .orderBy(asc(people.displayName), asc(enrolments.id));
  const groups = await db
    .select({ id: organisations.id, name: organisations.name, code: organisations.code })
    .from(organisations)
    .where(
      and(
        eq(organisations.tenantId, scope.tenantId),
        eq(organisations.parentId, school.id),
        eq(organisations.kind, 'group'),
      ),
    )
    .orderBy(asc(organisations.name));
  const members = new Map<string, number>();
  for (const t of teachers) if (t.groupId) members.set(t.groupId, (members.get(t.groupId) ?? 0) + 1);
  const principalFirst = (p: { personId: string }) => (p.personId === school.principalPersonId ? 0 : 1);
  return {
    school: { id: school.id, name: school.name, code: school.code },
    can: profileRights(standing),
    environment: {
      value: school.teachingEnvironment,
      diagnosedOn: school.environmentDiagnosedOn,
      basis: school.environmentBasis,
    },
    abilityShortlist: school.abilityShortlist,
    abilityOptions: await abilityOptions(db, scope, school.teachingEnvironment ?? 'multimedia'),
    researchTheme: school.researchTheme,
    team: team
      .map((m) => ({ ...m, principal: m.personId === school.principalPersonId }))
      .sort((a, b) => principalFirst(a) - principalFirst(b) || a.name.localeCompare(b.name, 'zh-CN')),
    groups: groups.map((g) => ({ ...g, members: members.get(g.id) ?? 0 })),
    teachers,
    updatedAt: school.updatedAt.toISOString(),
  };
}

/** Today in China, as the diagnosis date is written. */
const chinaToday = (now = new Date()) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Sets the diagnosed environment (with its date and basis) and the shortlist. The engine reads both, so every
 * teacher status row of the school is recomputed in the same transaction; the same values again change nothing.
 */
export async function updateSchoolProfile(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  body: ProfilePatchBody,
) {
  if (body.environment && body.environment.diagnosedOn > chinaToday()) {
    throw new DomainError('school_environment_date', { field: 'environment.diagnosedOn' });
  }
  return db.transaction(async (tx) => {
    const { school, standing } = await schoolFor(tx, scope, schoolId, requireProfileEditor, true);
    const env = body.environment ?? {
      value: school.teachingEnvironment,
      diagnosedOn: school.environmentDiagnosedOn,
      basis: school.environmentBasis,
    };
    const options = await abilityOptions(tx, scope, env.value ?? 'multimedia');
    const shortlist = normaliseShortlist(
      body.abilityShortlist === undefined ? school.abilityShortlist : body.abilityShortlist,
      options.map((o) => o.code),
    );
    const before = {
      environment: school.teachingEnvironment,
      diagnosedOn: school.environmentDiagnosedOn,
      basis: school.environmentBasis,
    };
    const after = { environment: env.value, diagnosedOn: env.diagnosedOn, basis: env.basis };
    const envChanged = JSON.stringify(before) !== JSON.stringify(after);
    const shortlistChanged = JSON.stringify(school.abilityShortlist) !== JSON.stringify(shortlist);
    if (!envChanged && !shortlistChanged) return { ...(await present(tx, scope, school, standing)), changed: false };
    const [updated] = (await tx
      .update(organisations)
      .set({
        teachingEnvironment: env.value,
        environmentDiagnosedOn: env.diagnosedOn,
        environmentBasis: env.basis,
        abilityShortlist: shortlist,
      })
      .where(eq(organisations.id, school.id))
      .returning()) as [School];
    const entry = { tenantId: scope.tenantId, ...auditActor(actor), entityType: 'organisation', entityId: school.id };
    if (envChanged) await recordAudit(tx, { ...entry, action: 'school_profile.environment', before, after });
    if (shortlistChanged) {
      await recordAudit(tx, {
        ...entry,
        action: 'school_profile.shortlist',
        before: { abilityShortlist: school.abilityShortlist },
        after: { abilityShortlist: shortlist },
      });
    }
    // The engine's school context changed: every status row of the school follows in this transaction.
    if (before.environment !== after.environment || shortlistChanged) {
      const rows = await tx
        .select({ id: enrolments.id })
        .from(enrolments)
        .where(and(eq(enrolments.tenantId, scope.tenantId), eq(enrolments.schoolId, school.id)));
      await refreshTeacherStatuses(
        tx,
        rows.map((r) => r.id),
        { activity: false },
      );
    }
    return { ...(await present(tx, scope, updated, standing)), changed: true };
  });
}

/** Deduplicated, in catalogue order (so the same set is the same list), or the codes the school may not choose. */
function normaliseShortlist(codes: string[] | null, allowed: string[]): string[] | null {
  // An empty shortlist would leave teachers nothing to choose where the programme enforces it: it means none.
  if (codes === null || codes.length === 0) return null;
  const wanted = new Set(codes);
  const refused = [...wanted].filter((c) => !allowed.includes(c));
  if (refused.length > 0) {
    throw new DomainError(
      'school_shortlist_invalid',
      { field: 'abilityShortlist', refused, allowed },
      {
        zh: `能力点清单（abilityShortlist）中的 ${refused.join('、')} 不在学校当前教学环境可选的能力点中：请从 ${allowed.join('、')} 中选择，或先更改教学环境。`,
        en: `The shortlist (abilityShortlist) holds ${refused.join(', ')}, which the school's teaching environment does not offer: choose from ${allowed.join(', ')}, or change the environment first.`,
      },
    );
  }
  return allowed.filter((c) => wanted.has(c));
}

/** Teachers of the school in the scope's programme (withdrawn ones aside), by enrolment id. */
export async function enrolledTeachers(tx: Db | DbTransaction, scope: OversightScope, schoolId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: enrolments.id, personId: enrolments.personId, groupId: enrolments.groupId })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.tenantId, scope.tenantId),
        eq(enrolments.programmeInstanceId, scope.programmeInstanceId),
        eq(enrolments.schoolId, schoolId),
        ne(enrolments.status, 'withdrawn'),
        inArray(enrolments.id, ids),
      ),
    );
}

export { present as presentProfile };
