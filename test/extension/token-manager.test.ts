import { describe, expect, it } from 'vitest';
import { AuthLostError, TokenManager } from '../../extension/src/background/auth';
import { ToolClient } from '../../extension/src/background/tool-client';
import type { StorageArea } from '../../extension/src/common/browser';

class MemoryArea implements StorageArea {
  data: Record<string, unknown> = {};
  async get(keys: string | string[]) {
    const out: Record<string, unknown> = {};
    for (const k of ([] as string[]).concat(keys)) if (k in this.data) out[k] = structuredClone(this.data[k]);
    return out;
  }
  async set(items: Record<string, unknown>) {
    Object.assign(this.data, structuredClone(items));
  }
  async remove(keys: string | string[]) {
    for (const k of ([] as string[]).concat(keys)) delete this.data[k];
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake tool that rotates refresh tokens like the real one and refuses a spent token with invalid_grant. */
function fakeTool() {
  let current = 'refresh-0';
  let n = 0;
  const calls: { url: string; auth?: string; body?: unknown }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, auth: headers.get('authorization') ?? undefined, body });
    await new Promise((r) => setTimeout(r, 1));
    if (url.endsWith('/ext/v1/pair'))
      return json(200, {
        accessToken: 'access-0',
        expiresIn: 600,
        refreshToken: current,
        device: { id: 'd1', name: 'x' },
      });
    if (url.endsWith('/ext/v1/token')) {
      if (body.refreshToken !== current) return json(400, { error: { code: 'invalid_grant', message: 'reuse' } });
      n++;
      current = `refresh-${n}`;
      return json(200, { accessToken: `access-${n}`, expiresIn: 600, refreshToken: current });
    }
    if (url.endsWith('/ext/v1/me')) {
      return headers.get('authorization') === `Bearer access-${n}`
        ? json(200, { ok: true })
        : json(401, { error: { code: 'invalid_token' } });
    }
    return json(404, {});
  }) as typeof fetch;
  return { fetchFn, calls, revoke: () => (current = 'revoked') };
}

describe('the token manager', () => {
  it('keeps the refresh token in local storage and the access token in session storage only', async () => {
    const local = new MemoryArea();
    const session = new MemoryArea();
    const tool = fakeTool();
    const auth = new TokenManager(local, session, tool.fetchFn);
    await auth.pair('https://tool.example', 'ABCD-EFGH', 'Chrome');
    expect(JSON.stringify(local.data)).toContain('refresh-0');
    expect(JSON.stringify(local.data)).not.toContain('access-0');
    expect(JSON.stringify(session.data)).toContain('access-0');
    expect(await auth.state()).toEqual({ state: 'connected', origin: 'https://tool.example', deviceName: 'Chrome' });
  });

  it('refreshes once for many concurrent callers and stores the rotated token', async () => {
    let now = 0;
    const local = new MemoryArea();
    const tool = fakeTool();
    const auth = new TokenManager(local, new MemoryArea(), tool.fetchFn, () => now);
    await auth.pair('https://tool.example', 'ABCD-EFGH', 'Chrome');
    expect(await auth.accessToken()).toBe('access-0');
    now = 545_000; // within a minute of expiry
    const tokens = await Promise.all([auth.accessToken(), auth.accessToken(), auth.accessToken()]);
    expect(tokens).toEqual(['access-1', 'access-1', 'access-1']);
    expect(tool.calls.filter((c) => c.url.endsWith('/token'))).toHaveLength(1);
    expect((local.data.connection as { refreshToken: string }).refreshToken).toBe('refresh-1');
  });

  it('retries a call once after a 401 with a fresh token, sending it only in the Authorization header', async () => {
    const tool = fakeTool();
    const local = new MemoryArea();
    const auth = new TokenManager(local, new MemoryArea(), tool.fetchFn);
    await auth.pair('https://tool.example', 'ABCD-EFGH', 'Chrome');
    // Another context refreshed meanwhile: this manager's cached access token is now stale on the tool.
    await new TokenManager(local, new MemoryArea(), tool.fetchFn).refresh();
    const client = new ToolClient(auth, tool.fetchFn);
    expect(await client.call('GET', '/ext/v1/me')).toEqual({ ok: true });
    const me = tool.calls.filter((c) => c.url.endsWith('/me'));
    expect(me.map((c) => c.auth)).toEqual(['Bearer access-0', 'Bearer access-2']);
    for (const c of tool.calls) expect(c.url).not.toMatch(/access-|refresh-/);
  });

  it('on invalid_grant asks to reconnect and leaves queued clips alone', async () => {
    const tool = fakeTool();
    const local = new MemoryArea();
    const auth = new TokenManager(local, new MemoryArea(), tool.fetchFn);
    await auth.pair('https://tool.example', 'ABCD-EFGH', 'Chrome');
    tool.revoke();
    await expect(auth.refresh()).rejects.toBeInstanceOf(AuthLostError);
    expect(await auth.state()).toMatchObject({ state: 'reconnect', origin: 'https://tool.example' });
    const client = new ToolClient(auth, tool.fetchFn);
    const outcome = await client.sendClip({
      id: '1',
      idempotencyKey: 'clip-1',
      payload: { destination: 'library', kind: 'link', url: 'https://e.cn', title: 'e' },
      status: 'queued',
      attempts: 0,
      createdAt: 0,
      nextAttemptAt: 0,
    });
    expect(outcome).toEqual({ kind: 'paused', error: 'reconnect' });
    // No further refresh is attempted with the dead token.
    expect(tool.calls.filter((c) => c.url.endsWith('/token'))).toHaveLength(1);
  });

  it('treats an unreachable tool as a network problem, to be retried', async () => {
    const auth = new TokenManager(new MemoryArea(), new MemoryArea(), (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    await expect(auth.pair('https://tool.example', 'ABCD-EFGH', 'x')).rejects.toMatchObject({ name: 'NetworkError' });
  });
});
