import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The OIDC login state, signed instead of stored (issue 14: the login wrote a row that the launch deleted, two
 * commits a launch). The state carries what the launch must compare, under an HMAC-SHA256 of the deployment's secret:
 * the platform it was issued for, the nonce, the hash of the browser-binding secret (the secret itself stays in this
 * browser's cookie or the platform's storage frame), the target link and its expiry. Nothing in it is secret: the
 * platform sees the state and the nonce anyway. Single use is kept at the launch by a unique insert of the state's
 * hash into `oidc_used_states`, in the same statement that opens the session.
 */
export interface LoginState {
  platformId: string;
  /** Public id naming the binding cookie (several tabs can log in at once). */
  stateId: string;
  bindingHash: string;
  nonce: string;
  targetLinkUri: string;
  deploymentId?: string;
  /** The platform frame offering postMessage storage (`lti_storage_target`), when the login named one. */
  storageTarget?: string;
  expiresAt: Date;
}

interface Payload {
  v: 1;
  p: string;
  i: string;
  b: string;
  n: string;
  t: string;
  d?: string;
  s?: string;
  e: number;
}

/** The longest state we accept back: the target link is the only long field (the login caps it at 2048). */
export const MAX_STATE_LENGTH = 4096;

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest();

export function sealState(key: Buffer, state: LoginState): string {
  const payload: Payload = {
    v: 1,
    p: state.platformId,
    i: state.stateId,
    b: state.bindingHash,
    n: state.nonce,
    t: state.targetLinkUri,
    ...(state.deploymentId === undefined ? {} : { d: state.deploymentId }),
    ...(state.storageTarget === undefined ? {} : { s: state.storageTarget }),
    e: Math.floor(state.expiresAt.getTime() / 1000),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The state if it is ours, untampered and unexpired; undefined otherwise (the caller refuses `state_invalid`). */
export function openState(key: Buffer, state: string, now = new Date()): LoginState | undefined {
  if (state.length > MAX_STATE_LENGTH) return undefined;
  const dot = state.indexOf('.');
  if (dot <= 0) return undefined;
  const body = state.slice(0, dot);
  const given = Buffer.from(state.slice(dot + 1), 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  } catch {
    return undefined;
  }
  if (payload.v !== 1 || typeof payload.e !== 'number' || payload.e * 1000 <= now.getTime()) return undefined;
  return {
    platformId: payload.p,
    stateId: payload.i,
    bindingHash: payload.b,
    nonce: payload.n,
    targetLinkUri: payload.t,
    deploymentId: payload.d,
    storageTarget: payload.s,
    expiresAt: new Date(payload.e * 1000),
  };
}
