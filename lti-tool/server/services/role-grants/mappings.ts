import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { contextProgrammeLinks, organisations, platforms, roleMappings, type MappedRole } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit } from '../audit';
import { GRANTABLE, grantRole, type Granter } from './grants';

export interface RoleMapping {
  ltiRole: string;
  role: MappedRole;
}

/** A platform of the tenant, or "not found" (another tenant's platform ids leak nothing). */
export async function tenantPlatform(db: Db, tenantId: string, platformId: string): Promise<string> {
  const [row] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .where(and(eq(platforms.tenantId, tenantId), eq(platforms.id, platformId)));
  if (!row) throw new DomainError('not_found');
  return row.id;
}

/** A platform's LTI role mappings. */
export async function listMappings(db: Db, tenantId: string, platformId: string): Promise<RoleMapping[]> {
  const rows = await db
    .select({ ltiRole: roleMappings.ltiRole, role: roleMappings.role })
    .from(roleMappings)
    .where(and(eq(roleMappings.tenantId, tenantId), eq(roleMappings.platformId, platformId)));
  return rows.sort((a, b) => a.ltiRole.localeCompare(b.ltiRole));
}

/** Replaces a platform's mappings (audited as one change). Grants already made stay until revoked. */
export async function setMappings(db: Db, by: Granter, platformId: string, mappings: RoleMapping[]) {
  await db.transaction(async (tx) => {
    const before = await listMappings(tx, by.tenantId, platformId);
    await tx
      .delete(roleMappings)
      .where(and(eq(roleMappings.tenantId, by.tenantId), eq(roleMappings.platformId, platformId)));
    if (mappings.length) {
      await tx.insert(roleMappings).values(mappings.map((m) => ({ ...m, tenantId: by.tenantId, platformId })));
    }
    await recordAudit(tx, {
      tenantId: by.tenantId,
      ...by.actor,
      action: 'role_mapping.set',
      entityType: 'platform',
      entityId: platformId,
      before,
      after: mappings,
    });
  });
}

/**
 * At launch: each platform role with a mapping grants its role to the person, over the organisation the launch's
 * `org_code` custom parameter names (same tenant, right level), else the organisation the course is linked to
 * when it is of the right level. Nothing matches → nothing is granted (never an error at launch).
 */
export async function applyLaunchMappings(
  db: Db,
  input: {
    tenantId: string;
    platformId: string;
    personId: string;
    platformRoles: readonly string[];
    custom: Record<string, string>;
    contextRowId: string | null;
    label: string;
  },
): Promise<number> {
  const mappings = await listMappings(db, input.tenantId, input.platformId);
  const held = new Set(input.platformRoles.map((r) => r.trim()));
  const wanted = mappings.filter((m) => held.has(m.ltiRole));
  if (wanted.length === 0) return 0;
  const by: Granter = {
    tenantId: input.tenantId,
    actor: { actorPersonId: input.personId, actorLabel: input.label, client: 'lti', requestId: null },
  };
  let granted = 0;
  for (const m of wanted) {
    const organisationId = await organisationForLaunch(db, input, GRANTABLE[m.role]);
    if (!organisationId) continue;
    const result = await grantRole(db, by, { personId: input.personId, role: m.role, organisationId, source: 'lti' });
    if (result.changed) granted++;
  }
  return granted;
}

async function organisationForLaunch(
  db: Db,
  input: { tenantId: string; custom: Record<string, string>; contextRowId: string | null },
  kind: 'school' | 'county' | 'city',
): Promise<string | null> {
  const code = input.custom.org_code?.trim();
  if (code) {
    const [org] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(eq(organisations.tenantId, input.tenantId), eq(organisations.kind, kind), eq(organisations.code, code)),
      );
    return org?.id ?? null;
  }
  if (!input.contextRowId) return null;
  const [linked] = await db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(contextProgrammeLinks)
    .innerJoin(organisations, eq(organisations.id, contextProgrammeLinks.organisationId))
    .where(
      and(eq(contextProgrammeLinks.tenantId, input.tenantId), eq(contextProgrammeLinks.contextId, input.contextRowId)),
    );
  return linked && linked.kind === kind ? linked.id : null;
}
