import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { clearFrameCookie, cookieName, readCookie, type CookiePolicy } from '../http/cookies';
import type { Logger } from '../logger';
import { LtiError } from './errors';
import type { LaunchAdmission } from './launch-admission';
import { toLaunch, type LtiLaunch } from './launch';
import { bindingCookie, sha256 } from './login';
import { sendLtiError } from './pages';
import { MAX_STATE_LENGTH, openState } from './oidc-state';
import { renderStorageBinding } from './storage-binding';
import { storageKey, type PlatformStorage } from './platform-storage';
import { platformOrigins, refusalFrameForIssuer, refusalLanguage, unverifiedSender } from './refusal-frame';
import type { PlatformKeyCache } from './platform-keys';
import { platformVerificationKeys, type LtiStore, type PlatformRecord } from './store';
import { verifyIdToken, type VerifyOptions } from './verify-id-token';

const launchBody = z.object({
  id_token: z
    .string()
    .max(128 * 1024)
    .optional(),
  state: z.string().max(MAX_STATE_LENGTH).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
  /** The binding secret the launch's own page read back from the platform's storage frame (no cookie). */
  lti_binding: z.string().max(128).optional(),
});

export interface LaunchContext {
  platform: PlatformRecord;
  req: Request;
  res: Response;
  /**
   * Set when the state was bound through platform storage instead of a cookie: the page must read the binding back
   * from the platform frame and compare it before it uses the session (login CSRF defence without cookies).
   */
  storageCheck?: PlatformStorage & { value: string };
  /** The launch's last check and the state's single use, for the statement that records the launch to run. */
  admission: LaunchAdmission;
}

export interface LaunchDeps {
  store: LtiStore;
  /** The HMAC key of the signed login state (ToolKeyStore.stateKey). */
  stateKey: Buffer;
  cookies: CookiePolicy;
  platformKeys: PlatformKeyCache;
  logger: Logger;
  verify?: Pick<VerifyOptions, 'clockSkewSeconds' | 'maxAgeSeconds' | 'now'>;
  /** What the tool does with a verified launch: open a session and render the app, or the deep-linking picker. */
  onLaunch: (launch: LtiLaunch, context: LaunchContext) => Promise<LaunchOutcome | void>;
}

/** A verified launch the app still refused (a learner asking for the content picker): its code, for the log. */
export interface LaunchOutcome {
  refused?: string;
}

/** The role names a launch carries (instructor, learner…), for logs: no names, no emails. */
export function roleNames(launch: Pick<LtiLaunch, 'role'>): string[] {
  return Object.entries(launch.role)
    .filter(([, on]) => on)
    .map(([name]) => name);
}

/**
 * The redirect URI (authentication response, Sec §5.1.1.3). The state is ours (signed, unexpired) and bound to this
 * browser by the cookie set at login, or by the secret the platform's storage frame kept (login CSRF defence); the
 * token is verified against the platform the state was issued for, with the state's nonce, before anything is stored.
 * Then one statement (launch-admission.ts) checks the platform and deployment are still active, consumes the state
 * (a replay finds it used) and opens the session.
 */
export function launchHandler(deps: LaunchDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    let frameAncestors: string[] | undefined;
    const log = deps.logger.child({ requestId: res.locals.requestId });
    let known: { platformId: string; tenantId: string; issuer: string } | undefined;
    // Only the refusal page's frame and language come from the unverified token; nothing else trusts it.
    const sender = () => {
      const raw = (req.body ?? {}) as { id_token?: unknown };
      return unverifiedSender(typeof raw.id_token === 'string' ? raw.id_token : undefined);
    };
    const lang = () => refusalLanguage(req, sender().locale);
    try {
      const body = launchBody.safeParse(req.body ?? {});
      if (!body.success) throw new LtiError('token_malformed', 'form fields');
      const { id_token: idToken, state, error, error_description: description, lti_binding: stored } = body.data;
      if (error) throw new LtiError('platform_error', `${error}${description ? `: ${description}` : ''}`);
      if (!state) throw new LtiError('state_invalid', 'no state');
      if (!idToken) throw new LtiError('token_missing');

      const record = openState(deps.stateKey, state);
      if (!record) throw new LtiError('state_invalid', 'unknown or expired state');
      const platform = await deps.store.platformForLaunch(record.platformId);
      if (!platform) throw new LtiError('state_invalid', 'platform removed');
      frameAncestors = platformOrigins([platform]);
      known = { platformId: platform.id, tenantId: platform.tenantId, issuer: platform.issuer };

      // No binding cookie (blocked in the frame) and no binding read from the platform's storage yet: bind this
      // browser first. Its page reads the binding from the platform frame and posts the launch again with it; until
      // then nothing is consumed, recorded or issued, and a launch forced on another browser stops here.
      if (stored === undefined && !hasBindingCookie(req, deps.cookies)) {
        if (!record.storageTarget) throw new LtiError('state_not_bound');
        renderStorageBinding(res, {
          lang: lang(),
          frameAncestors,
          fields: { id_token: idToken, state },
          storage: {
            target: record.storageTarget,
            origin: new URL(platform.authEndpoint).origin,
            key: storageKey(record.stateId),
          },
        });
        return;
      }

      const binding = readCookie(req, deps.cookies, bindingCookie(record.stateId));
      clearFrameCookie(res, deps.cookies, bindingCookie(record.stateId));
      const cookieBound = binding !== undefined && safeEqual(sha256(binding), record.bindingHash);
      const storageBound =
        !cookieBound && !!record.storageTarget && stored !== undefined && safeEqual(sha256(stored), record.bindingHash);
      if (!cookieBound && !storageBound) throw new LtiError('state_not_bound');
      // Bound through the platform frame: the page still reads the binding back before it shows anything, so a
      // launch whose binding was posted by someone else's page stays hidden.
      const storageCheck = cookieBound
        ? undefined
        : {
            target: record.storageTarget as string,
            origin: new URL(platform.authEndpoint).origin,
            key: storageKey(record.stateId),
            value: stored as string,
          };

      const claims = await verifyIdToken(
        idToken,
        {
          issuer: platform.issuer,
          clientId: platform.clientId,
          keys: platformVerificationKeys(platform, deps.platformKeys),
        },
        {
          nonce: record.nonce,
          targetLinkUri: record.targetLinkUri,
          // Checked fresh by the launch's statement (the admission), with the platform's status.
          isDeploymentRegistered: () => true,
        },
        deps.verify,
      );
      const launch = toLaunch(claims, platform.clientId);
      const admission: LaunchAdmission = {
        stateHash: sha256(state),
        stateExpiresAt: record.expiresAt,
        platform,
        deploymentId: launch.deploymentId,
        checked: false,
        forgetPlatform: () => deps.store.forgetPlatform(platform.id),
      };
      const outcome = await deps.onLaunch(launch, { platform, req, res, storageCheck, admission });
      // A launch the app refused before recording anything (a learner asking for the content picker) still uses up
      // its state: the same statement, without the record.
      if (!admission.checked) await deps.store.admit(admission);
      // Ids only: the platform's opaque user id, never names or emails.
      log.info('lti launch', {
        ...known,
        deploymentId: launch.deploymentId,
        messageType: launch.messageType,
        role: roleNames(launch),
        userId: launch.userId,
        contextId: launch.context?.id,
        resourceLinkId: launch.resourceLink?.id,
        outcome: outcome?.refused ? 'refused' : 'ok',
        ...(outcome?.refused ? { code: outcome.refused } : {}),
      });
    } catch (err) {
      if (!(err instanceof LtiError)) throw err;
      log.warn('lti launch refused', {
        outcome: 'refused',
        code: err.code,
        detail: err.detail,
        ...(known ?? { issuer: sender().issuer }),
      });
      // The refusal page was already sent (a refused content picker whose state was then found used): log only.
      if (res.headersSent) return;
      const frame = frameAncestors
        ? { frameAncestors, lang: lang() }
        : await refusalFrameForIssuer(deps.store, sender().issuer, lang());
      sendLtiError(res, err, frame.lang, frame.frameAncestors);
    }
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the browser sent any login binding cookie (a browser that keeps cookies in the frame always does). */
function hasBindingCookie(req: Request, policy: CookiePolicy): boolean {
  const prefix = cookieName(policy, bindingCookie(''));
  return (req.get('cookie') ?? '').split(';').some((part) => part.trim().startsWith(prefix));
}
