import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbTransaction } from '../db/client';
import { deployments, platforms, registrationTickets, tenants } from '../db/schema';
import { DomainError } from './errors';
import { reachabilityOf } from './platform-reachability';

/** Registering platforms (LMS sites) and their deployments by hand, and minting dynamic-registration links. */
export const platformInputSchema = z.object({
  tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '租户标识只能含小写字母、数字和连字符 (a-z, 0-9, -)'),
  tenantName: z.string().min(1).max(200).optional(),
  name: z.string().min(1).max(200),
  issuer: z.url(),
  clientId: z.string().min(1).max(255),
  authLoginUrl: z.url(),
  accessTokenUrl: z.url(),
  jwksUrl: z.url(),
  deploymentIds: z.array(z.string().min(1).max(255)).default([]),
});
export type PlatformInput = z.input<typeof platformInputSchema>;

/** Moodle's URLs all derive from its wwwroot, which is also its issuer. */
export function moodleEndpoints(wwwroot: string) {
  const root = wwwroot.replace(/\/+$/, '');
  return {
    issuer: root,
    authLoginUrl: `${root}/mod/lti/auth.php`,
    accessTokenUrl: `${root}/mod/lti/token.php`,
    jwksUrl: `${root}/mod/lti/certs.php`,
  };
}

export async function ensureTenant(tx: Db | DbTransaction, slug: string, name?: string): Promise<string> {
  const [existing] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
  if (existing) return existing.id;
  const [created] = await tx
    .insert(tenants)
    .values({ slug, name: name ?? slug })
    .returning({ id: tenants.id });
  if (!created) throw new Error('tenant insert returned nothing');
  return created.id;
}

export async function registerPlatform(db: Db, input: PlatformInput) {
  const data = platformInputSchema.parse(input);
  return db.transaction(async (tx) => {
    const tenantId = await ensureTenant(tx, data.tenant, data.tenantName);
    const [platform] = await tx
      .insert(platforms)
      .values({
        tenantId,
        name: data.name,
        issuer: data.issuer.replace(/\/+$/, ''),
        clientId: data.clientId,
        authLoginUrl: data.authLoginUrl,
        accessTokenUrl: data.accessTokenUrl,
        jwksUrl: data.jwksUrl,
        status: 'active',
      })
      .returning();
    if (!platform) throw new Error('platform insert returned nothing');
    for (const deploymentId of data.deploymentIds) {
      await tx.insert(deployments).values({ tenantId, platformId: platform.id, deploymentId });
    }
    return platform;
  });
}

export async function addDeployment(db: Db, platformId: string, deploymentId: string, name?: string) {
  const [platform] = await db.select().from(platforms).where(eq(platforms.id, platformId));
  if (!platform) throw new Error(`no platform ${platformId}`);
  await db
    .insert(deployments)
    .values({ tenantId: platform.tenantId, platformId, deploymentId, name: name ?? null })
    .onConflictDoUpdate({ target: [deployments.platformId, deployments.deploymentId], set: { status: 'active' } });
}

export async function listPlatforms(db: Db) {
  const rows = await db
    .select({ platform: platforms, tenant: tenants.slug })
    .from(platforms)
    .innerJoin(tenants, eq(tenants.id, platforms.tenantId))
    .orderBy(asc(platforms.createdAt));
  const deps = await db.select().from(deployments).orderBy(asc(deployments.createdAt));
  return rows.map(({ platform, tenant }) => ({
    id: platform.id,
    tenant,
    name: platform.name,
    issuer: platform.issuer,
    clientId: platform.clientId,
    status: platform.status,
    reachability: reachabilityOf(platform),
    deployments: deps
      .filter((d) => d.platformId === platform.id)
      .map((d) => ({ id: d.deploymentId, status: d.status })),
  }));
}

export async function setPlatformStatus(db: Db, platformId: string, status: 'active' | 'disabled') {
  const rows = await db
    .update(platforms)
    .set({ status })
    .where(eq(platforms.id, platformId))
    .returning({ id: platforms.id });
  if (rows.length === 0) throw new Error(`no platform ${platformId}`);
}

export async function setDeploymentStatus(
  db: Db,
  platformId: string,
  deploymentId: string,
  status: 'active' | 'disabled',
) {
  const rows = await db
    .update(deployments)
    .set({ status })
    .where(and(eq(deployments.platformId, platformId), eq(deployments.deploymentId, deploymentId)))
    .returning({ id: deployments.id });
  if (rows.length === 0) throw new Error(`no deployment ${deploymentId} on platform ${platformId}`);
}

export const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/**
 * A one-time dynamic-registration link for an administrator to paste into the LMS. The ticket is single use, valid
 * for a day, and stored hashed; it only lets its holder register a platform into this tenant.
 */
export async function createRegistrationTicket(
  db: Db,
  input: { tenant: string; tenantName?: string; createdBy: string; note?: string; validHours?: number },
) {
  const ticket = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + (input.validHours ?? 24) * 3_600_000);
  await db.transaction(async (tx) => {
    const tenantId = await ensureTenant(tx, input.tenant, input.tenantName);
    await tx.insert(registrationTickets).values({
      ticketHash: hashTicket(ticket),
      tenantId,
      createdBy: input.createdBy,
      note: input.note ?? null,
      expiresAt,
    });
  });
  return { ticket, expiresAt };
}

/** The slug of a tenant (registration tickets and the platform list name tenants by slug). */
export async function tenantSlug(db: Db, tenantId: string): Promise<string> {
  const [tenant] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.slug ?? '';
}

/** The platforms of one tenant, as the administrator's screen lists them. */
export async function tenantPlatforms(db: Db, tenantId: string) {
  const slug = await tenantSlug(db, tenantId);
  return (await listPlatforms(db)).filter((p) => p.tenant === slug);
}

/** The platform must belong to the administrator's own tenant; another tenant's looks like no platform at all. */
export async function ownPlatform(db: Db, tenantId: string, id: string): Promise<string> {
  const [row] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .where(and(eq(platforms.id, id), eq(platforms.tenantId, tenantId)));
  if (!row) throw new DomainError('not_found');
  return row.id;
}
