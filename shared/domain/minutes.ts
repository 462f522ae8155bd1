/**
 * Hours arithmetic in integer minutes, so 0.1 + 0.2 hours never drifts and "exactly 50 %" compares exactly.
 * Records and data files speak hours; everything inside the engine is minutes.
 */

export function hoursToMinutes(hours: number): number {
  return Math.round(hours * 60);
}

/** For display only: hours rounded to two decimals. Never feed the result back into arithmetic. */
export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** part / whole ≥ percent / 100, compared in integers. An empty whole never meets a share. */
export function meetsShare(part: number, whole: number, percent: number): boolean {
  return whole > 0 && part * 100 >= percent * whole;
}

/** The share as a percentage, floored to one decimal so a failing 49.96 % never displays as 50 %. */
export function sharePercent(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part * 1000) / whole) / 10 : 0;
}

/**
 * Minutes of practice to add so practice / total reaches percent: (p + x) / (t + x) ≥ s.
 * Returns null when no amount can (a 100 % share with other hours already counted).
 */
export function minutesToReachShare(practice: number, total: number, percent: number): number | null {
  if (meetsShare(practice, total, percent) || (total === 0 && percent === 0)) return 0;
  if (percent >= 100) return total === practice ? 1 : null;
  return Math.max(0, Math.ceil((percent * total - 100 * practice) / (100 - percent)));
}
