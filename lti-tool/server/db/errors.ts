// PostgreSQL errors, whichever driver raised them. Drizzle wraps driver errors (DrizzleQueryError), and both
// node-postgres and PGlite expose the server's SQLSTATE as `code` and the violated constraint as `constraint`.

export const SqlState = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  /** Raised by the append-only triggers (migration 0001), as a revoked privilege would be. */
  appendOnlyViolation: '42501',
  serializationFailure: '40001',
} as const;

export interface DatabaseErrorInfo {
  code: string;
  constraint: string | undefined;
  message: string;
}

/** The PostgreSQL error inside `err` (following `cause`), or undefined when it is not one. */
export function databaseError(err: unknown): DatabaseErrorInfo | undefined {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, constraint: typeof constraint === 'string' ? constraint : undefined, message: current.message };
    }
    current = current.cause;
  }
  return undefined;
}

/** True when `err` is a unique violation, optionally of the named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const info = databaseError(err);
  return info?.code === SqlState.uniqueViolation && (constraint === undefined || info.constraint === constraint);
}
