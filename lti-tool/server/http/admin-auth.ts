import type { RequestHandler } from 'express';
import type { Db } from '../db/client';
import { findAdminKey, isAdminKey } from '../services/admin-keys';
import type { AuditActor } from '../services/audit';
import { DomainError } from '../services/errors';
import { findSession, type AppSession } from '../services/sessions';

/** Who acts on the admin API: an institution administrator's launch session, or one of the tenant's admin keys. */
export interface AdminPrincipal {
  tenantId: string;
  /** The administrator in person (launch session); null for a key. */
  personId: string | null;
  /** Set for a launch session: some actions need to know where the administrator launched from. */
  session: AppSession | null;
  keyId: string | null;
  actor: AuditActor;
}

/**
 * `/api/v1/admin/...`: `Authorization: Bearer <launch session token of an institution administrator>` or
 * `Authorization: Bearer lak_…` (an admin key). Anything else is refused before a route runs.
 */
export function requireAdmin(db: Db): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      const requestId = (res.locals.requestId as string | undefined) ?? null;
      if (token && isAdminKey(token)) {
        const key = await findAdminKey(db, token);
        if (!key) throw new DomainError('admin_key_invalid');
        const admin: AdminPrincipal = {
          tenantId: key.tenantId,
          personId: null,
          session: null,
          keyId: key.id,
          actor: { actorPersonId: null, actorLabel: `admin-key:${key.name}`.slice(0, 200), client: 'api', requestId },
        };
        res.locals.admin = admin;
        return next();
      }
      // apiRateLimit in front has usually looked the session up already (and counted it against its user).
      const session = token
        ? ((res.locals.session as AppSession | undefined) ?? (await findSession(db, token)))
        : undefined;
      if (!session) throw new DomainError('unauthenticated');
      if (!session.toolRoles.includes('institution_admin')) throw new DomainError('forbidden');
      res.locals.session = session;
      const admin: AdminPrincipal = {
        tenantId: session.tenantId,
        personId: session.personId,
        session,
        keyId: null,
        actor: {
          actorPersonId: session.personId,
          actorLabel: `lti:${session.launch.userId}`,
          client: 'web',
          requestId,
        },
      };
      res.locals.admin = admin;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function adminOf(res: { locals: Record<string, unknown> }): AdminPrincipal {
  const admin = res.locals.admin as AdminPrincipal | undefined;
  if (!admin) throw new DomainError('unauthenticated');
  return admin;
}
