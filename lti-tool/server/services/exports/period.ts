import type { ReportPeriod } from '../../../../shared/api/exports';
import { DomainError } from '../errors';

export interface PeriodRange {
  from: string;
  to: string;
  /** For titles and file names: 2026-11, 2026-W48, 2026-11-01_2026-11-15. */
  label: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

/**
 * The first and last day (inclusive) of a report period: China calendar dates. The period runs from 00:00 Beijing
 * time on its first day to the end of its last (report-produce.ts turns the dates into moments).
 */
export function periodRange(period: ReportPeriod): PeriodRange {
  switch (period.kind) {
    case 'monthly': {
      const [y, m] = period.month.split('-').map(Number) as [number, number];
      return { from: `${period.month}-01`, to: day(new Date(Date.UTC(y, m, 0))), label: period.month };
    }
    case 'weekly': {
      // ISO weeks start on Monday.
      const d = new Date(`${period.weekOf}T00:00:00Z`);
      const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
      return { from: day(monday), to: day(new Date(monday.getTime() + 6 * DAY_MS)), label: `${day(monday)}周` };
    }
    case 'range': {
      const span = (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS;
      if (span < 0 || span > 366) throw new DomainError('export_period_invalid', { from: period.from, to: period.to });
      return { from: period.from, to: period.to, label: `${period.from}_${period.to}` };
    }
  }
}
