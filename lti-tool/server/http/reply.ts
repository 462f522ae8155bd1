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
  res.setHeader('Cache-Control', 'no-store').status(status).json(body);
}
