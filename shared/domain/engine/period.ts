import type { Programme } from '../schemas/programme';
import type { Prepared } from './prepared';
import { HOUR_BITS } from './requirements';
import type { EvaluateOptions, PeriodStatus, RegistryStatus } from './types';

function periodStatus(programme: Programme, options: EvaluateOptions): PeriodStatus {
  const { startYear, endYear } = programme.period.window.value;
  const deadline = programme.period.deadline.value;
  const asOf = options.asOf?.slice(0, 10) ?? null;
  // ISO dates compare correctly as strings; the engine never reads the clock.
  const deadlinePassed = asOf === null || deadline === null ? null : asOf > deadline;
  return { startYear, endYear, deadline, asOf, deadlinePassed };
}

/** The period as of a date, shared; a province is evaluated as of one date, so the last one is kept at hand. */
export function periodOf(p: Prepared, options: EvaluateOptions): PeriodStatus {
  const asOf = options.asOf;
  const last = p.lastPeriod;
  if (last !== undefined && last.asOf === asOf) return last.period;
  const key = asOf === undefined ? '\u0000' : asOf.slice(0, 10);
  const period = p.period.get(key) ?? p.period.keep(key, Object.freeze(periodStatus(p.programme, options)));
  p.lastPeriod = { asOf, period };
  return period;
}

/**
 * What the registry receives, shared: decided by whether the hour requirements and all requirements are met (the
 * unmet ones as bits, see requirements.ts) and by the date (the last one kept at hand).
 */
export function registryOf(p: Prepared, unmet: number, asOf: string | undefined): RegistryStatus {
  const flags = ((unmet & HOUR_BITS) === 0 ? 1 : 0) + (unmet === 0 ? 2 : 0);
  const date = asOf ? asOf : ''; // no date and an empty one both give no due date
  const last = p.lastRegistry;
  let byFlags = last !== undefined && last.asOf === date ? last.byFlags : undefined;
  if (byFlags === undefined) {
    byFlags = p.registry.get(date) ?? p.registry.keep(date, [undefined, undefined, undefined, undefined]);
    p.lastRegistry = { asOf: date, byFlags };
  }
  return (byFlags[flags] ??= Object.freeze(registryStatus(p.programme, (flags & 1) === 1, flags === 3, asOf)));
}

/** Credits and registered hours the programme gives, once earned; the monthly report's next due date. */
function registryStatus(programme: Programme, hoursComplete: boolean, passed: boolean, asOf?: string): RegistryStatus {
  const rules = programme.registry;
  const credits = rules?.creditsOnHoursComplete.value ?? null;
  const registered = rules?.registeredHoursOnPass.value ?? null;
  const day = rules?.monthlyReportDay.value ?? null;
  return {
    credits: credits === null ? null : hoursComplete ? credits : 0,
    registeredHours: registered === null ? null : passed ? registered : 0,
    crossYearAllocation: rules?.crossYearAllocation.value ?? 'by-school-year',
    monthlyReportDay: day,
    nextMonthlyReportDue: day === null || !asOf ? null : nextMonthlyDue(asOf, day),
  };
}

/** The next `day` of a month on or after `asOf` (YYYY-MM-DD), as YYYY-MM-DD; pure date arithmetic, no clock. */
function nextMonthlyDue(asOf: string, day: number): string {
  let year = Number(asOf.slice(0, 4));
  let month = Number(asOf.slice(5, 7));
  if (Number(asOf.slice(8, 10)) > day) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
