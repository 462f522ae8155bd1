import type { AuditActor } from './audit';
import type { LaunchRole } from './tool-roles';

/**
 * Who is acting, as services see it: never a request or an HTTP session. The HTTP layer builds it from a launch
 * session (http/actor.ts); the command line and API keys build their own.
 */
export interface Actor {
  tenantId: string;
  /** null for a machine (an API key, a job). */
  personId: string | null;
  roles: readonly LaunchRole[];
  /** How the audit log names the actor, such as `lti:<user id>`. */
  label: string;
  client: AuditActor['client'];
  requestId: string | null;
}

/** The audit columns an actor fills. */
export function auditActor(actor: Actor): AuditActor {
  return { actorPersonId: actor.personId, actorLabel: actor.label, client: actor.client, requestId: actor.requestId };
}
