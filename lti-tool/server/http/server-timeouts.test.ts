import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { applyServerTimeouts, IDLE_SOCKET_MS } from './server-timeouts';

describe('HTTP server timeouts', () => {
  it('lets a whole request take the configured time (an hour by default), headers a minute, silence two', () => {
    const server = createServer();
    expect(server.requestTimeout).toBe(300_000); // Node's default, which cut slow uploads off
    applyServerTimeouts(server, loadConfig({}).requestTimeoutSeconds);
    expect(server.requestTimeout).toBe(3_600_000);
    expect(server.headersTimeout).toBe(60_000);
    expect(server.timeout).toBe(IDLE_SOCKET_MS);
  });

  it('takes REQUEST_TIMEOUT_SECONDS from the environment and refuses values outside 60 s to a day', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: '7200' }).requestTimeoutSeconds).toBe(7200);
    expect(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '10' })).toThrow(/REQUEST_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '100000' })).toThrow(/REQUEST_TIMEOUT_SECONDS/);
  });
});
