/** China's school year starts in September; a school year is named by the calendar year it starts in. */
export const SCHOOL_YEAR_START_MONTH = 9;

/** The school year a moment falls in, by the calendar in `utcOffset` (default China, UTC+8). */
export function schoolYearOf(at: Date, utcOffset = '+08:00'): number {
  const local = new Date(at.getTime() + offsetMinutes(utcOffset) * 60_000);
  const year = local.getUTCFullYear();
  return local.getUTCMonth() + 1 >= SCHOOL_YEAR_START_MONTH ? year : year - 1;
}

// The last offset read (an import dates every row in its source's one offset).
let lastOffset = { text: '+08:00', minutes: 480 };

export function offsetMinutes(utcOffset: string): number {
  if (utcOffset === lastOffset.text) return lastOffset.minutes;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  if (!m) throw new Error(`bad UTC offset ${utcOffset}`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  lastOffset = { text: utcOffset, minutes: m[1] === '-' ? -minutes : minutes };
  return lastOffset.minutes;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const pad = (n: number | string) => String(n).padStart(2, '0');

/**
 * A completion time as platforms write it. Local wall-clock forms (`2025-12-01 10:00:00`, `2025-12-01`, Moodle's
 * report-builder `Thursday, 8 January 2026, 10:05 AM`, `2026年1月8日 10:05`) are read in `utcOffset`; ISO 8601 with
 * a zone and Unix seconds are absolute. Returns null for an empty value, for Moodle's `1970-01-01 …` placeholder
 * (time 0 printed in the downloader's zone) and for anything unreadable or outside 2000–2100.
 */
export function parseCompletionTime(value: string, utcOffset = '+08:00'): Date | null {
  const v = value.trim();
  if (v === '') return null;
  let iso: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(v))) {
    iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${utcOffset}`;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    iso = v;
  } else if ((m = /^(?:[A-Za-z]+,\s*)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}),\s*(\d{1,2}):(\d{2})\s*(AM|PM)$/i.exec(v))) {
    const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
    if (month === 0) return null;
    let hour = Number(m[4]) % 12;
    if ((m[6] ?? '').toUpperCase() === 'PM') hour += 12;
    iso = `${m[3]}-${pad(month)}-${pad(m[1] ?? '')}T${pad(hour)}:${m[5]}:00${utcOffset}`;
  } else if ((m = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:.*?(\d{1,2}):(\d{2}))?$/.exec(v))) {
    iso = `${m[1]}-${pad(m[2] ?? '')}-${pad(m[3] ?? '')}T${pad(m[4] ?? '0')}:${m[5] ?? '00'}:00${utcOffset}`;
  } else if (/^\d{9,11}$/.test(v)) {
    return checkRange(new Date(Number(v) * 1000));
  }
  if (iso === undefined) return null;
  return checkRange(new Date(iso));
}

function checkRange(date: Date): Date | null {
  const t = date.getTime();
  if (!Number.isFinite(t)) return null;
  const year = date.getUTCFullYear();
  return year >= 2000 && year <= 2100 ? date : null;
}
