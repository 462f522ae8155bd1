import { PassThrough } from 'node:stream';
import type { Request, Response } from 'express';
import { FileTooLargeError } from '../storage';
import { AppError } from './errors';

/**
 * Runs an upload with the request body as a stream. The body is piped through a PassThrough so a refused upload stops
 * the copy without destroying the socket: the refusal (413 with Connection: close) can still be written, and the rest
 * of the body is discarded. `done(body)` after success drains what the work did not read (a replayed request).
 */
export async function withUploadBody<T>(
  req: Request,
  res: Response,
  work: (body: PassThrough, declaredBytes: number | undefined) => Promise<T>,
): Promise<T> {
  const declared = req.get('content-length');
  const body = new PassThrough();
  req.pipe(body);
  const discardRest = () => {
    req.unpipe(body);
    if (!req.complete) req.resume();
  };
  try {
    const result = await work(body, declared === undefined ? undefined : Number(declared));
    if (!req.complete) discardRest();
    return result;
  } catch (err) {
    if (!req.complete) res.setHeader('Connection', 'close');
    discardRest();
    throw err instanceof FileTooLargeError ? new AppError('payload_too_large', { maxBytes: err.maxBytes }) : err;
  }
}
