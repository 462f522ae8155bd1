import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organisations, programmeInstances, roleAssignments } from '../../db/schema';
import type { Actor, LaunchActor } from '../actor';
import { DomainError } from '../errors';
import { courseLinkOf, schoolsUnder, type Organisation } from '../teacher-journey/course-link';

/** How far a person sees: their school, their county, their city, or the whole tenant (institution admin). */
export const OVERSIGHT_LEVELS = ['school', 'county', 'city', 'tenant'] as const;
export type OversightLevel = (typeof OVERSIGHT_LEVELS)[number];

const LEVEL_OF_ROLE = {
  school_team: 'school',
  county_admin: 'county',
  city_admin: 'city',
  institution_admin: 'tenant',
} as const;
type ScopedRole = keyof typeof LEVEL_OF_ROLE;
const SCOPED_ROLES = Object.keys(LEVEL_OF_ROLE) as ScopedRole[];

/**
 * What a school team member, county or city officer or institution admin may see, settled on the server for every
 * request: the schools (ids) under their live grants, in one programme instance of their own tenant.
 */
export interface OversightScope {
  tenantId: string;
  personId: string | null;
  level: OversightLevel;
  /** The organisations granted (their roots of the tree), for the screen's title and drill-down start. */
  roots: Pick<Organisation, 'id' | 'name' | 'kind'>[];
  schoolIds: ReadonlySet<string>;
  /** Schools the person serves as school team (uploads, submits) and as county officer (approves, returns). */
  teamSchoolIds: ReadonlySet<string>;
  countySchoolIds: ReadonlySet<string>;
  programmeInstanceId: string;
}

/** The person's live organisation-scoped grants, with the organisation they are held over. */
export async function liveGrants(db: Db, tenantId: string, personId: string) {
  return db
    .select({ role: roleAssignments.role, organisation: organisations })
    .from(roleAssignments)
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(
      and(
        eq(roleAssignments.tenantId, tenantId),
        eq(roleAssignments.personId, personId),
        isNull(roleAssignments.revokedAt),
        inArray(roleAssignments.role, SCOPED_ROLES),
      ),
    );
}

const rank = (level: OversightLevel) => OVERSIGHT_LEVELS.indexOf(level);

/** The widest level the actor holds, or null when they oversee nothing (the launch page uses it for the tabs). */
export async function oversightLevel(db: Db, actor: Actor): Promise<OversightLevel | null> {
  if (actor.roles.includes('institution_admin')) return 'tenant';
  if (!actor.personId) return null;
  const grants = await liveGrants(db, actor.tenantId, actor.personId);
  return widestOversight(grants.map((g) => g.role));
}

/** The widest level among roles (a launch's tool roles, live grants' roles); null when none oversees anything. */
export function widestOversight(roles: readonly string[]): OversightLevel | null {
  let best: OversightLevel | null = null;
  for (const role of roles) {
    if (!Object.hasOwn(LEVEL_OF_ROLE, role)) continue;
    const level = LEVEL_OF_ROLE[role as ScopedRole];
    if (best === null || rank(level) > rank(best)) best = level;
  }
  return best;
}

/** The scope of the actor in a programme instance (the course's, else the tenant's latest); 403 when none. */
export async function oversightScope(
  db: Db,
  actor: Actor,
  programmeInstanceId: string | null,
): Promise<OversightScope> {
  const grants = actor.personId ? await liveGrants(db, actor.tenantId, actor.personId) : [];
  const admin = actor.roles.includes('institution_admin') || grants.some((g) => g.role === 'institution_admin');
  if (!admin && grants.length === 0) throw new DomainError('oversight_forbidden');
  const instanceId = await instanceFor(db, actor.tenantId, programmeInstanceId);
  const schoolIds = new Set<string>();
  const teamSchoolIds = new Set<string>();
  const countySchoolIds = new Set<string>();
  let level: OversightLevel = 'school';
  let roots: OversightScope['roots'] = [];
  if (admin) {
    level = 'tenant';
    const all = await db
      .select({
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        parentId: organisations.parentId,
      })
      .from(organisations)
      .where(eq(organisations.tenantId, actor.tenantId));
    for (const o of all) if (o.kind === 'school') schoolIds.add(o.id);
    const ids = new Set(all.map((o) => o.id));
    roots = all.filter((o) => o.kind !== 'group' && (!o.parentId || !ids.has(o.parentId)));
  }
  // An institution admin may also hold a school team or county grant: those still say who may act where.
  for (const g of grants) {
    const granted = LEVEL_OF_ROLE[g.role as ScopedRole];
    if (!admin && rank(granted) > rank(level)) level = granted;
    if (!admin) roots.push({ id: g.organisation.id, name: g.organisation.name, kind: g.organisation.kind });
    for (const s of await schoolsUnder(db, actor.tenantId, g.organisation.id)) {
      schoolIds.add(s.id);
      if (g.role === 'school_team') teamSchoolIds.add(s.id);
      if (g.role === 'county_admin') countySchoolIds.add(s.id);
    }
  }
  return {
    tenantId: actor.tenantId,
    personId: actor.personId,
    level,
    roots,
    schoolIds,
    teamSchoolIds,
    countySchoolIds,
    programmeInstanceId: instanceId,
  };
}

async function instanceFor(db: Db, tenantId: string, preferred: string | null): Promise<string> {
  const [row] = await db
    .select({ id: programmeInstances.id })
    .from(programmeInstances)
    .where(
      preferred
        ? and(eq(programmeInstances.tenantId, tenantId), eq(programmeInstances.id, preferred))
        : eq(programmeInstances.tenantId, tenantId),
    )
    .orderBy(desc(programmeInstances.createdAt))
    .limit(1);
  if (!row) throw new DomainError('course_not_linked');
  return row.id;
}

/** A school of the scope, or 404: ids of other schools, counties and tenants leak nothing. */
export function schoolInScope(scope: OversightScope, schoolId: string): string {
  if (!scope.schoolIds.has(schoolId)) throw new DomainError('not_found');
  return schoolId;
}

/** The scope of the person behind a launch, in the programme instance of the course they launched from. */
export async function launchScope(db: Db, actor: LaunchActor): Promise<OversightScope> {
  const link = await courseLinkOf(db, actor);
  return oversightScope(db, actor, link?.instance.id ?? null);
}
