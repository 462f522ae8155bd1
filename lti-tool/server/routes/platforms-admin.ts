import { Router, type Request, type Response } from 'express';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { platforms, tenants } from '../db/schema';
import { AppError } from '../http/errors';
import { adminOf } from '../http/admin-auth';
import { addDeployment, createRegistrationTicket, listPlatforms, setPlatformStatus } from '../services/platform-admin';

const statusBody = z.object({ status: z.enum(['active', 'disabled']) });
const deploymentBody = z.object({
  deploymentId: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x20-\x7e]+$/),
});
const linkBody = z.object({ validHours: z.number().int().min(1).max(168).default(24) });

/** requireAdmin (app.ts) has checked the launch session's role or the admin key; this reads who it is. */
function requireInstitutionAdmin(res: Response) {
  const admin = adminOf(res);
  return {
    tenantId: admin.tenantId,
    platformId: admin.session?.platformId ?? null,
    createdBy: admin.personId ? `person:${admin.personId}` : admin.actor.actorLabel,
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new AppError(
      'validation_failed',
      result.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })),
    );
  }
  return result.data;
}

/** The platform must belong to the administrator's own tenant; another tenant's looks like no platform at all. */
async function ownPlatform(db: Db, tenantId: string, id: string) {
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found');
  const [row] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .where(and(eq(platforms.id, id), eq(platforms.tenantId, tenantId)));
  if (!row) throw new AppError('not_found');
  return row.id;
}

/**
 * Institution administrators manage their tenant's LMS registrations from the app: list, disable/enable, add a
 * deployment, and mint one-time dynamic-registration links.
 */
export function platformsAdminRouter(db: Db, config: Config): Router {
  const router = Router();

  router.get('/api/v1/admin/platforms', async (_req: Request, res: Response) => {
    const session = requireInstitutionAdmin(res);
    const [tenant] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, session.tenantId));
    res.json({ platforms: (await listPlatforms(db)).filter((p) => p.tenant === tenant?.slug) });
  });

  router.patch('/api/v1/admin/platforms/:id', async (req: Request<{ id: string }>, res: Response) => {
    const session = requireInstitutionAdmin(res);
    const { status } = parse(statusBody, req.body);
    const id = await ownPlatform(db, session.tenantId, req.params.id);
    if (id === session.platformId && status === 'disabled') {
      // Disabling the platform you are launched from would lock you out mid-session; do it from the command line.
      throw new AppError('conflict', { reason: 'current_platform' });
    }
    await setPlatformStatus(db, id, status);
    res.json({ id, status });
  });

  router.post('/api/v1/admin/platforms/:id/deployments', async (req: Request<{ id: string }>, res: Response) => {
    const session = requireInstitutionAdmin(res);
    const { deploymentId } = parse(deploymentBody, req.body);
    const id = await ownPlatform(db, session.tenantId, req.params.id);
    await addDeployment(db, id, deploymentId);
    res.status(201).json({ platformId: id, deploymentId, status: 'active' });
  });

  router.post('/api/v1/admin/registration-links', async (req: Request, res: Response) => {
    const session = requireInstitutionAdmin(res);
    const { validHours } = parse(linkBody, req.body);
    const [tenant] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, session.tenantId));
    const { ticket, expiresAt } = await createRegistrationTicket(db, {
      tenant: tenant?.slug ?? '',
      createdBy: session.createdBy,
      validHours,
    });
    res.status(201).json({ url: `${config.publicUrl}/lti/register/${ticket}`, expiresAt: expiresAt.toISOString() });
  });
  return router;
}
