import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { ltiContexts, ltiIdentities, people } from '../db/schema';
import { summariseRoles } from '../lti/roles';
import { fetchMembers, type Member } from '../lti/advantage/nrps';
import type { ServiceContext } from '../lti/advantage/service-http';
import { createLtiStore } from '../lti/store';
import { DomainError } from './errors';
import { toolRolesForLaunch } from './tool-roles';

export interface RosterSyncResult {
  fetched: number;
  created: number;
  updated: number;
  inactive: number;
  teachers: number;
  assessors: number;
  complete: boolean;
}

function memberName(m: Member): string {
  return (m.name ?? ([m.family_name, m.given_name].filter(Boolean).join('') || `用户 ${m.user_id}`)).slice(0, 200);
}

/**
 * Reads a course roster (NRPS) and upserts its members as people of the tenant, keyed by (platform, user id), so
 * teachers appear in school reports before they first launch. Inactive and deleted members are counted, not added.
 */
export async function syncRoster(db: Db, ctx: ServiceContext, contextRowId: string): Promise<RosterSyncResult> {
  const [context] = await db.select().from(ltiContexts).where(eq(ltiContexts.id, contextRowId));
  if (!context?.membershipsUrl) throw new Error('this course has not advertised a roster service (NRPS) in a launch');
  const roster = await fetchMembers(ctx, context.membershipsUrl, { limit: 100 });
  const result: RosterSyncResult = {
    fetched: roster.members.length,
    created: 0,
    updated: 0,
    inactive: 0,
    teachers: 0,
    assessors: 0,
    complete: roster.complete,
  };
  for (const member of roster.members) {
    if (member.status !== 'Active') {
      result.inactive++;
      continue;
    }
    const roles = toolRolesForLaunch(summariseRoles(member.roles));
    if (roles.includes('teacher')) result.teachers++;
    if (roles.includes('assessor')) result.assessors++;
    await db.transaction(async (tx) => {
      const [identity] = await tx
        .select({ personId: ltiIdentities.personId })
        .from(ltiIdentities)
        .where(and(eq(ltiIdentities.platformId, context.platformId), eq(ltiIdentities.subject, member.user_id)));
      if (identity) {
        await tx
          .update(people)
          .set({ displayName: memberName(member), email: member.email ?? null })
          .where(eq(people.id, identity.personId));
        result.updated++;
        return;
      }
      const [person] = await tx
        .insert(people)
        .values({ tenantId: context.tenantId, displayName: memberName(member), email: member.email ?? null })
        .returning({ id: people.id });
      if (!person) throw new Error('person insert returned nothing');
      await tx.insert(ltiIdentities).values({
        tenantId: context.tenantId,
        platformId: context.platformId,
        subject: member.user_id,
        personId: person.id,
      });
      result.created++;
    });
  }
  return result;
}

/**
 * The course of the administrator's tenant whose roster may be read, and its platform's token endpoint. Another
 * tenant's course looks like no course at all.
 */
export async function rosterTarget(db: Db, tenantId: string, contextId: string) {
  const [context] = await db
    .select({ id: ltiContexts.id, platformId: ltiContexts.platformId, membershipsUrl: ltiContexts.membershipsUrl })
    .from(ltiContexts)
    .where(and(eq(ltiContexts.id, contextId), eq(ltiContexts.tenantId, tenantId)));
  if (!context) throw new DomainError('not_found');
  if (!context.membershipsUrl) throw new DomainError('conflict', { reason: 'no_roster_service' });
  const platform = await createLtiStore(db).getPlatform(context.platformId);
  if (!platform || platform.status !== 'active') throw new DomainError('conflict', { reason: 'platform_disabled' });
  return {
    contextId: context.id,
    platformId: platform.id,
    endpoint: {
      tokenUrl: platform.tokenEndpoint,
      clientId: platform.clientId,
      audience: platform.authorizationServer ?? undefined,
    },
  };
}
