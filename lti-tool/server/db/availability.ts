// Is this error "the database is not there right now" rather than a bug or bad input? Such errors become 503
// with Retry-After, so clients retry instead of reporting a failure, and the process keeps serving.

/** SQLSTATE classes and codes that mean the server is down, restarting or refusing connections. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_SYSCALL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end/i,
];

/** True when `err` (or an error in its `cause` chain) says the database cannot be reached now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 6; depth++) {
    const error: Error = current;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SYSCALL_CODES.has(code))) {
      return true;
    }
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
    if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
    current = error.cause;
  }
  return false;
}

/** Seconds a client should wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;
