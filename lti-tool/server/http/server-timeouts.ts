import type { Server } from 'node:http';

/** A connection that sends nothing for this long is closed, however long its request may take in all. */
export const IDLE_SOCKET_MS = 120_000;

/**
 * Timeouts of the HTTP server. Node 20 gives a whole request 5 minutes (`requestTimeout`): a 500 MB video over a
 * slow school line takes longer, so the whole-request limit comes from the configuration (an hour by default), while
 * headers must still arrive within a minute (slow-header attacks) and a silent connection is dropped after two.
 */
export function applyServerTimeouts(server: Server, requestTimeoutSeconds: number): void {
  server.requestTimeout = requestTimeoutSeconds * 1000;
  server.headersTimeout = 60_000;
  server.setTimeout(IDLE_SOCKET_MS);
}
