import { createHash, randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Moodle's `random_string()`: letters and digits (client ids are 15, sesskeys 10 characters). */
export function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** PHP `mt_rand()`-like positive 31-bit integer (used in Moodle launch ids). */
export function randomPhpInt(): number {
  return randomInt(1, 2 ** 31 - 1);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Moodle's `gradebookservices::validate_iso8601_date()` regex, ported verbatim (PCRE and JS agree on it,
 * including the `\3` and `\17` back-references). It accepts more than RFC 3339: dates without a time,
 * week dates, ordinal dates.
 */
const MOODLE_ISO8601 =
  /^([+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24:?00)([.,]\d+(?!:))?)?(\17[0-5]\d([.,]\d+)?)?([zZ]|([+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$/;

/**
 * Parses a score timestamp the way Moodle does (regex check, then `strtotime`), returning whole seconds,
 * or null when Moodle would answer 400. Moodle's server runs in UTC, so a time without a zone is UTC here.
 */
export function parseMoodleTimestamp(value: unknown): number | null {
  if (typeof value !== 'string' || !MOODLE_ISO8601.test(value)) return null;
  const text = value.replace(/\s/, 'T');
  const t = text.indexOf('T');
  const zoned = t < 0 || /([zZ]|[+-]\d{2}(:?\d{2})?)$/.test(text.slice(t));
  const ms = Date.parse(zoned ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** PHP `date('c', $seconds)` on a UTC server: `2026-11-22T09:12:26+00:00`. */
export function phpDateC(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** Orders Moodle ids numerically when both are integers, else as strings. */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** PHP's `json_encode` without JSON_UNESCAPED_SLASHES escapes `/` as `\/` (seen in the registration response). */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, '\\/');
}

/** First value of a query or form field given as string, string[] or absent. */
export function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** PHP `is_numeric()`. */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

/** PHP `isset()` on a decoded JSON member: present and not null. */
export function isSet(obj: Record<string, unknown>, key: string): boolean {
  return obj[key] !== undefined && obj[key] !== null;
}

export function parseJsonObject(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Moodle's `grade_floatval()`: grades are stored with five decimals (0.7 × 100 reads back as 70). */
export function gradeFloat(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}
