import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { contextProgrammeLinks, ltiContexts, organisations, programmeInstances } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit } from '../audit';
import { requireInstitutionAdmin } from '../../policies/roles';
import { auditActor, type Actor, type LaunchActor } from '../actor';

/** The tenant's courses with their links, for the administrator's linking screen. */
export async function listContexts(db: Db, actor: Actor) {
  requireInstitutionAdmin(actor);
  const rows = await db
    .select({
      id: ltiContexts.id,
      label: ltiContexts.label,
      title: ltiContexts.title,
      programmeInstanceId: contextProgrammeLinks.programmeInstanceId,
      organisationId: contextProgrammeLinks.organisationId,
    })
    .from(ltiContexts)
    .leftJoin(contextProgrammeLinks, eq(contextProgrammeLinks.contextId, ltiContexts.id))
    .where(eq(ltiContexts.tenantId, actor.tenantId))
    .orderBy(ltiContexts.title);
  const instances = await db
    .select({ id: programmeInstances.id, name: programmeInstances.name, definitionId: programmeInstances.definitionId })
    .from(programmeInstances)
    .where(eq(programmeInstances.tenantId, actor.tenantId));
  const orgs = await db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      parentId: organisations.parentId,
    })
    .from(organisations)
    .where(eq(organisations.tenantId, actor.tenantId));
  return {
    contexts: rows,
    programmeInstances: instances,
    organisations: orgs.filter((o) => o.kind === 'school' || o.kind === 'county'),
  };
}

/** Links (or re-links) a course to a programme instance and a school or county of the same tenant. */
export async function linkContext(
  db: Db,
  actor: LaunchActor,
  contextId: string,
  input: { programmeInstanceId: string; organisationId: string },
) {
  requireInstitutionAdmin(actor);
  const tenantId = actor.tenantId;
  const [context] = await db
    .select({ id: ltiContexts.id })
    .from(ltiContexts)
    .where(and(eq(ltiContexts.id, contextId), eq(ltiContexts.tenantId, tenantId)));
  if (!context) throw new DomainError('not_found', { field: 'contextId' });
  const [instance] = await db
    .select({ id: programmeInstances.id })
    .from(programmeInstances)
    .where(and(eq(programmeInstances.id, input.programmeInstanceId), eq(programmeInstances.tenantId, tenantId)));
  if (!instance) throw new DomainError('not_found', { field: 'programmeInstanceId' });
  const [organisation] = await db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(and(eq(organisations.id, input.organisationId), eq(organisations.tenantId, tenantId)));
  if (!organisation) throw new DomainError('not_found', { field: 'organisationId' });
  if (organisation.kind !== 'school' && organisation.kind !== 'county') {
    throw new DomainError('validation_failed', { field: 'organisationId', reason: 'a school or a county' });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(contextProgrammeLinks)
      .where(eq(contextProgrammeLinks.contextId, contextId));
    const values = { ...input, linkedByPersonId: actor.personId, updatedAt: new Date() };
    const [after] = await tx
      .insert(contextProgrammeLinks)
      .values({ tenantId, contextId, ...values })
      .onConflictDoUpdate({ target: contextProgrammeLinks.contextId, set: values })
      .returning();
    // The course row names its organisation too (roster sync and reports read it there).
    await tx.update(ltiContexts).set({ organisationId: input.organisationId }).where(eq(ltiContexts.id, contextId));
    await recordAudit(tx, {
      tenantId,
      ...auditActor(actor),
      action: 'course_link.set',
      entityType: 'context_programme_link',
      entityId: contextId,
      before,
      after,
    });
    if (!after) throw new Error('course link upsert returned nothing');
    return after;
  });
}
