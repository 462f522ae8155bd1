import { ERRORS, type ErrorCode } from '../../../shared/errors';

/**
 * An error a service raises on purpose: a stable code from shared/errors.ts and optional details. Services know
 * nothing of HTTP; the error middleware (http/errors.ts) maps the code to its status and localised message.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERRORS[code].en);
    this.name = 'DomainError';
  }

  /** The HTTP status the code maps to (kept here so existing callers need no lookup of their own). */
  get status(): number {
    return ERRORS[this.code].status;
  }
}
