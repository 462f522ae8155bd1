import pino, { type DestinationStream } from 'pino';

/**
 * Structured logs: one JSON line per event, written by pino (asynchronous-safe, levels, child loggers bound to a
 * request id, flushed on exit). Values under keys that look like secrets are replaced at any depth, and token-shaped
 * strings (JWTs, bearer headers, admin keys) are masked wherever they appear, so tokens, assertions, cookies and
 * passwords never reach the logs even when a caller passes them by mistake.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose every line carries `bindings` (a request id, a job run). */
  child(bindings: LogFields): Logger;
}

const SECRET_KEY = /token|secret|password|passwd|assertion|authorization|cookie|jwt|private|state|nonce|credential/i;
// pino's own `redact` matches fixed paths only; secrets can sit under any key at any depth, so values are scrubbed
// by pattern as well.
const SECRET_VALUE = [
  /eyJ[\w-]{2,}\.[\w-]{2,}\.[\w-]*/g, // a JWT (id_token, client assertion, access token in JWT form)
  /\bBearer\s+[\w.~+/=-]+/gi,
  /\blak_[\w-]+/g, // admin API keys
];

function scrub(text: string): string {
  return SECRET_VALUE.reduce((out, pattern) => out.replace(pattern, '[redacted]'), text);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: scrub(value.message),
      ...(typeof code === 'string' ? { code } : {}),
      stack: value.stack ? scrub(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1),
    ]),
  );
}

function wrap(log: pino.Logger): Logger {
  return {
    debug: (msg, fields) => log.debug(fields ?? {}, msg),
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
    child: (bindings) => lazyChild(log, bindings),
  };
}

/**
 * A child made on its first enabled line (issue 14): every request gets one (request-context.ts) and most write
 * nothing, so building pino's child (it serialises its bindings at once) per request was CPU spent on every launch.
 * The lines it writes are the same: the bindings are copied when the child is asked for, and a level that is off
 * writes nothing either way (a child keeps its parent's level, which nothing changes after start).
 */
function lazyChild(parent: pino.Logger, bindings: LogFields): Logger {
  const copy = { ...bindings };
  let inner: Logger | undefined;
  // Child bindings bypass formatters.log: scrub them here.
  const made = () => (inner ??= wrap(parent.child(redact(copy) as LogFields)));
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: LogFields): void => {
      if (parent.isLevelEnabled(level)) made()[level](msg, fields);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => made().child(more),
  };
}

/**
 * The process logger. `destination` is stdout by default; tests pass a function to capture the lines, which are
 * written synchronously so an assertion right after the call sees them.
 */
export function createLogger(level: LogLevel, destination?: ((line: string) => void) | DestinationStream): Logger {
  const stream: DestinationStream =
    typeof destination === 'function'
      ? { write: (line: string) => destination(line) }
      : (destination ?? pino.destination({ dest: 1, sync: false }));
  return wrap(
    pino(
      {
        level,
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        messageKey: 'msg',
        formatters: {
          level: (label) => ({ level: label }),
          log: (fields) => redact(fields) as LogFields,
        },
      },
      stream,
    ),
  );
}
