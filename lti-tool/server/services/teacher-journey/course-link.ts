import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  catalogueForPeople,
  getCatalogue,
  getProgramme,
  type Catalogue,
  type Programme,
} from '../../../../shared/domain';
import type { Db } from '../../db/client';
import { contextProgrammeLinks, organisations, programmeInstances } from '../../db/schema';
import { instanceProgramme } from '../programme-instance-rules';
import type { LaunchActor } from '../actor';

export type Organisation = typeof organisations.$inferSelect;
export type ProgrammeInstance = typeof programmeInstances.$inferSelect;

/** The programme and organisation the actor's course serves, as an administrator linked them. */
export interface CourseLink {
  id: string;
  contextId: string;
  instance: ProgrammeInstance;
  organisation: Organisation;
}

export async function courseLinkOf(
  db: Db,
  actor: Pick<LaunchActor, 'tenantId' | 'launch'>,
): Promise<CourseLink | undefined> {
  const contextId = actor.launch.contextId;
  if (!contextId) return undefined;
  const [row] = await db
    .select({ link: contextProgrammeLinks, instance: programmeInstances, organisation: organisations })
    .from(contextProgrammeLinks)
    .innerJoin(programmeInstances, eq(programmeInstances.id, contextProgrammeLinks.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, contextProgrammeLinks.organisationId))
    .where(and(eq(contextProgrammeLinks.contextId, contextId), eq(contextProgrammeLinks.tenantId, actor.tenantId)));
  if (!row) return undefined;
  return { id: row.link.id, contextId: row.link.contextId, instance: row.instance, organisation: row.organisation };
}

/** Schools at or below an organisation (a school is its own scope; a county covers its schools). */
export async function schoolsUnder(db: Db, tenantId: string, organisationId: string): Promise<Organisation[]> {
  const result = await db.execute<{ id: string }>(sql`
    with recursive tree as (
      select id, kind from organisations where id = ${organisationId} and tenant_id = ${tenantId}
      union all
      select o.id, o.kind from organisations o join tree t on o.parent_id = t.id where o.tenant_id = ${tenantId}
    )
    select id from tree where kind = 'school'`);
  const ids = result.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await db.select().from(organisations).where(inArray(organisations.id, ids));
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

const forPeople = new Map<string, Catalogue>();

/** The catalogue every teacher and assessor screen reads: names and rules, no verification notes. */
function catalogueOf(id: string): Catalogue {
  let catalogue = forPeople.get(id);
  if (!catalogue) forPeople.set(id, (catalogue = catalogueForPeople(getCatalogue(id))));
  return catalogue;
}

/** The programme rules (with the instance's parameter overrides) and catalogue an instance runs on. */
export function programmeOf(instance: ProgrammeInstance): { programme: Programme; catalogue: Catalogue } {
  const programme = instanceProgramme(getProgramme(instance.definitionId), instance.parameterOverrides);
  return { programme, catalogue: catalogueOf(programme.catalogueId) };
}
