import type { AuditActor } from './audit';
import type { LaunchRole } from './tool-roles';

/**
 * Who is acting, as services see it: never a request or an HTTP session. The HTTP layer builds it from a launch
 * session (http/actor.ts); the extension from its device (services/extension/device-session.ts); the command line
 * and API keys build their own.
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

/** Where a person came from: the LMS launch (or the pairing that stands for one). Never a token. */
export interface LaunchPlace {
  platformId: string;
  deploymentId: string;
  /** Our row ids of the course and the placement, when the launch had them. */
  contextId: string | null;
  resourceLinkId: string | null;
  /** The platform's own id of the user. */
  userId: string;
  custom: Readonly<Record<string, string>>;
  /** When the LMS last vouched for the person: some actions (pairing a browser) need a recent one. */
  at: Date;
}

/** A person acting inside a course of the LMS: what services that work "in this course" take. */
export interface LaunchActor extends Actor {
  personId: string;
  launch: LaunchPlace;
}

/** The audit columns an actor fills. */
export function auditActor(actor: Actor): AuditActor {
  return { actorPersonId: actor.personId, actorLabel: actor.label, client: actor.client, requestId: actor.requestId };
}
