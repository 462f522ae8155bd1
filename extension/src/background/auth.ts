import type { PairReply, TokenReply } from '../../../shared/api/extension';
import type { StorageArea } from '../common/browser';

/** What survives restarts (storage.local, never storage.sync): the tool's origin and the refresh token. */
export interface Connection {
  origin: string;
  refreshToken: string;
  deviceId: string;
  deviceName: string;
}

export type ConnectionState =
  | { state: 'disconnected' }
  | { state: 'connected'; origin: string; deviceName: string }
  /** The tool refused the refresh token (revoked, reused, expired): the teacher must pair again. */
  | { state: 'reconnect'; origin: string; deviceName: string };

export class AuthLostError extends Error {
  constructor() {
    super('reconnect');
    this.name = 'AuthLostError';
  }
}

export class NetworkError extends Error {
  constructor(message = 'network') {
    super(message);
    this.name = 'NetworkError';
  }
}

/** A refusal from the tool with its machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CONNECTION = 'connection';
const NEEDS_RECONNECT = 'needsReconnect';
const ACCESS = 'access';
/** Refresh a minute before the access token expires. */
const EARLY_MS = 60_000;

async function readError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError(response.status, code, message);
}

/**
 * Owns the tokens; lives only in the background. The refresh token is rotated by every refresh, so refreshes are
 * single-flight (two racing refreshes would present the same token twice and trip the tool's reuse detection).
 */
export class TokenManager {
  private refreshing: Promise<string> | undefined;
  private memoryAccess: { token: string; expiresAt: number } | undefined;

  constructor(
    private readonly local: StorageArea,
    /** storage.session where the browser has it (in memory, survives worker restarts); else memory only. */
    private readonly session: StorageArea | undefined,
    private readonly fetchFn: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async connection(): Promise<Connection | undefined> {
    return (await this.local.get(CONNECTION))[CONNECTION] as Connection | undefined;
  }

  async state(): Promise<ConnectionState> {
    const stored = await this.local.get([CONNECTION, NEEDS_RECONNECT]);
    const c = stored[CONNECTION] as Connection | undefined;
    if (!c) return { state: 'disconnected' };
    return { state: stored[NEEDS_RECONNECT] ? 'reconnect' : 'connected', origin: c.origin, deviceName: c.deviceName };
  }

  /** Exchanges a pairing code. The caller has already been granted host permission for `origin`. */
  async pair(origin: string, code: string, deviceName: string): Promise<void> {
    const response = await this.post(origin, '/ext/v1/pair', { code, deviceName });
    if (!response.ok) throw await readError(response);
    const body = (await response.json()) as PairReply;
    await this.local.set({
      [CONNECTION]: {
        origin,
        refreshToken: body.refreshToken,
        deviceId: body.device.id,
        deviceName,
      } satisfies Connection,
      [NEEDS_RECONNECT]: false,
    });
    await this.storeAccess(body);
  }

  /** A valid access token, refreshed when it is about to expire. */
  async accessToken(): Promise<string> {
    const cached = await this.cachedAccess();
    if (cached && cached.expiresAt - EARLY_MS > this.now()) return cached.token;
    return this.refresh();
  }

  /** After a 401: forget the access token so the next call refreshes. */
  async invalidateAccess(): Promise<void> {
    this.memoryAccess = undefined;
    await this.session?.remove(ACCESS);
  }

  refresh(): Promise<string> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const stored = await this.local.get([CONNECTION, NEEDS_RECONNECT]);
    const c = stored[CONNECTION] as Connection | undefined;
    if (!c || stored[NEEDS_RECONNECT]) throw new AuthLostError();
    const response = await this.post(c.origin, '/ext/v1/token', { refreshToken: c.refreshToken });
    if (response.ok) {
      const body = (await response.json()) as TokenReply;
      // The new refresh token is written first: the old one is already spent on the server.
      await this.local.set({ [CONNECTION]: { ...c, refreshToken: body.refreshToken } });
      await this.storeAccess(body);
      return body.accessToken;
    }
    const error = await readError(response);
    if (error.code === 'invalid_grant') {
      // Keep the origin and (elsewhere) the outbox: only the credentials are gone.
      await this.local.set({ [NEEDS_RECONNECT]: true });
      await this.invalidateAccess();
      throw new AuthLostError();
    }
    throw error.status >= 500 || error.status === 429 ? new NetworkError(error.code) : error;
  }

  /** Disconnect: revoke on the tool when it answers (best effort), then forget everything but the outbox. */
  async signOut(): Promise<void> {
    const c = await this.connection();
    if (c) {
      try {
        await this.post(c.origin, '/ext/v1/revoke', { refreshToken: c.refreshToken });
      } catch {
        // The tool is unreachable; the teacher can also disconnect this browser from the tool's page.
      }
    }
    await this.local.remove([CONNECTION, NEEDS_RECONNECT]);
    await this.invalidateAccess();
  }

  private async post(origin: string, path: string, body: unknown): Promise<Response> {
    try {
      return await this.fetchFn(`${origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new NetworkError();
    }
  }

  private async storeAccess(body: TokenReply) {
    const access = { token: body.accessToken, expiresAt: this.now() + body.expiresIn * 1000 };
    this.memoryAccess = access;
    await this.session?.set({ [ACCESS]: access });
  }

  private async cachedAccess() {
    if (this.memoryAccess) return this.memoryAccess;
    const stored = (await this.session?.get(ACCESS))?.[ACCESS] as { token: string; expiresAt: number } | undefined;
    this.memoryAccess = stored;
    return stored;
  }
}
