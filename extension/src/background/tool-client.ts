import type { ClipReply } from '../../../shared/api/extension';
import type { ClipPayload } from '../common/clip';
import { type FileClip, isFileClip } from '../common/clip-file';
import { ApiError, AuthLostError, NetworkError, type TokenManager } from './auth';
import type { OutboxEntry, SendResult } from './outbox';

/** Codes worth retrying by themselves; every other 4xx waits for the teacher. */
const TRANSIENT = new Set(['clip_in_progress', 'rate_limited', 'database_unavailable', 'internal']);

/** Calls to the tool with the access token in the Authorization header, one retry after a 401. */
export class ToolClient {
  constructor(
    private readonly auth: TokenManager,
    private readonly fetchFn: typeof fetch,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const connection = await this.auth.connection();
    if (!connection) throw new AuthLostError();
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.accessToken();
      let response: Response;
      try {
        response = await this.fetchFn(`${connection.origin}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined || body instanceof Blob ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
          credentials: 'omit',
        });
      } catch {
        throw new NetworkError();
      }
      if (response.status === 401 && attempt === 0) {
        await this.auth.invalidateAccess();
        continue;
      }
      if (!response.ok) {
        let code = `http_${response.status}`;
        let message = response.statusText;
        try {
          const parsed = (await response.json()) as { error?: { code?: string; message?: string } };
          code = parsed.error?.code ?? code;
          message = parsed.error?.message ?? message;
        } catch {
          // keep the status
        }
        throw new ApiError(response.status, code, message);
      }
      return (await response.json()) as T;
    }
  }

  /** A file clip's bytes as the body (never JSON), its name and digest in headers. */
  private sendFile(entry: OutboxEntry & { payload: FileClip }): Promise<ClipReply> {
    const { payload, blob } = entry;
    if (!blob) throw new ApiError(0, 'file_missing', 'the file is no longer in the outbox');
    const query = new URLSearchParams({ abilityCode: payload.abilityCode, slotId: payload.slotId });
    return this.call<ClipReply>('POST', `/ext/v1/files?${query}`, blob, {
      'idempotency-key': entry.idempotencyKey,
      'content-type': blob.type || 'application/octet-stream',
      'x-filename': encodeURIComponent(payload.title),
      'x-content-sha256': payload.sha256,
    });
  }

  /** One outbox entry to the tool, as the outbox wants the outcome. */
  async sendClip(entry: OutboxEntry): Promise<SendResult> {
    try {
      const { payload } = entry;
      const result = isFileClip(payload)
        ? await this.sendFile({ ...entry, payload })
        : await this.call<ClipReply>('POST', '/ext/v1/clips', payload satisfies ClipPayload, {
            'idempotency-key': entry.idempotencyKey,
          });
      return { kind: 'saved', result };
    } catch (err) {
      if (err instanceof AuthLostError) return { kind: 'paused', error: 'reconnect' };
      if (err instanceof NetworkError) return { kind: 'retry', error: err.message };
      if (err instanceof ApiError) {
        if (err.status >= 500 || TRANSIENT.has(err.code)) return { kind: 'retry', error: err.code };
        if (err.status === 401) return { kind: 'retry', error: 'invalid_token' };
        return { kind: 'failed', error: err.code };
      }
      return { kind: 'retry', error: 'network' };
    }
  }
}
