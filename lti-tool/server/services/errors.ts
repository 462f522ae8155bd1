import { ERRORS, type ErrorCode } from '../../../shared/errors';

/** A message in both languages for one particular case (the slot, the limit and the fix), instead of the code's own. */
export interface ErrorText {
  zh: string;
  en: string;
}

/**
 * An error a service raises on purpose: a stable code from shared/errors.ts and optional details. Services know
 * nothing of HTTP; the error middleware (http/errors.ts) maps the code to its status and localised message, or sends
 * `text` when the service could say more than the code's generic message.
 */
export class DomainError extends Error {
  readonly text: ErrorText | undefined;

  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string | ErrorText,
  ) {
    super(typeof message === 'object' ? message.en : (message ?? ERRORS[code].en));
    this.name = 'DomainError';
    this.text = typeof message === 'object' ? message : undefined;
  }

  /** The HTTP status the code maps to (kept here so existing callers need no lookup of their own). */
  get status(): number {
    return ERRORS[this.code].status;
  }
}
