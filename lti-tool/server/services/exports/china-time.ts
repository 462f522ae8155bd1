// Officials count days in China time: a report period, a deadline and a date printed in a file are Asia/Shanghai
// dates. China has kept UTC+8 all year since 1991 (no daylight saving), so a fixed offset is exact.

export const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar date (YYYY-MM-DD) a moment falls on in China. */
export const chinaDate = (at: Date): string => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** A moment as China's wall clock, for files officials read: `2026-12-01 08:00`. */
export const chinaDateTime = (at: Date): string =>
  new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** The moment a China calendar date (YYYY-MM-DD) begins: 00:00 in Beijing is 16:00 UTC the day before. */
export const chinaMidnight = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS);

/** Adds whole days to a calendar date. */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The China calendar date of a moment as year, month (1–12), day and ISO weekday (Monday 1 … Sunday 7). */
export function chinaParts(at: Date): { year: number; month: number; day: number; weekday: number } {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: ((local.getUTCDay() + 6) % 7) + 1,
  };
}
