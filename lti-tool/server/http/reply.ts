import type { Response } from 'express';
import type { z } from 'zod';

/** The server-side form of a reply: a Date may stand where the wire has a string (JSON writes it as ISO 8601). */
export type ServerForm<T> = T extends string
  ? T | Date
  : T extends readonly (infer U)[]
    ? readonly ServerForm<U>[]
    : T extends object
      ? { [K in keyof T]: ServerForm<T[K]> }
      : T;

/**
 * Sends a JSON reply typed against its shared/api schema, so the compiler checks that what a service returns is what
 * the clients infer from the same schema. No runtime parse: replies can be large, and the type check is the point.
 */
export function send<S extends z.ZodType>(res: Response, _schema: S, body: ServerForm<z.input<S>>, status = 200): void {
  sendNoStore(res, status, 'application/json; charset=utf-8', JSON.stringify(body) ?? '');
}

/**
 * Writes a `no-store` reply whole, as Express's `res.send` would but without its ETag: a body nobody may keep is
 * never revalidated, yet `res.send` hashes every one (SHA-1 of the page or JSON, on POSTs too), and copies the text
 * into a Buffer that Node then writes apart from the headers. A string goes out with its headers in one write
 * (issue 14: three such replies a launch). GET replies that may be cached still go through `res.send` and keep theirs.
 */
export function sendNoStore(res: Response, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
