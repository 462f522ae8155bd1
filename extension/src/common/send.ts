import { browser } from './browser';
import type { Reply, Request } from './messages';

/** Asks the background; rejects with the error code when it refuses. */
export async function ask<T>(request: Request): Promise<T> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<T> | undefined;
  if (!reply) throw new Error('no_reply');
  if (!reply.ok) throw Object.assign(new Error(reply.message ?? reply.error), { code: reply.error });
  return reply.data;
}
