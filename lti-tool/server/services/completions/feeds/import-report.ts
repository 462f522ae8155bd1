import type { ImportReportItem, ImportReportReply } from '../../../../../shared/api/completions';
import type { ClaimOutcome } from '../record';

/** Items listed per kind (status and first issue code); the rest are counted. */
export const ITEMS_PER_KIND = 100;

type Summary = ImportReportReply['summary'];

/**
 * The summarised report of a file read in batches: counts per outcome and per issue code over every item, and the
 * first ITEMS_PER_KIND items of each kind with their rows. Memory is bounded by the kinds, not by the file.
 */
export class ImportReportCollector {
  readonly items: ImportReportItem[] = [];
  omitted = 0;
  private readonly listed = new Map<string, number>();
  private readonly counts = {
    created: 0,
    would_create: 0,
    unchanged: 0,
    duplicate: 0,
    rejected: 0,
    not_credited: 0,
    items: 0,
    skipped: 0,
    with_issues: 0,
    courses_recorded: 0,
    courses_unchanged: 0,
  };
  private hundredths = 0;
  private readonly byReason: Record<string, number> = {};

  constructor(private readonly perKind = ITEMS_PER_KIND) {}

  /** Whether an item of this kind would still be listed (so a caller need not build one that would not). */
  wants(status: ImportReportItem['status'], firstCode: string | undefined): boolean {
    return (this.listed.get(`${status}|${firstCode ?? ''}`) ?? 0) < this.perKind;
  }

  /** Counts one item; `build` makes its report line, called only when the item is listed. */
  add(status: ImportReportItem['status'], issueCodes: readonly string[], build: () => ImportReportItem): void {
    this.counts.items += 1;
    if (status === 'rejected') this.counts.rejected += 1;
    else if (status === 'skipped') this.counts.skipped += 1;
    if (issueCodes.length > 0) this.counts.with_issues += 1;
    for (const code of issueCodes) this.byReason[code] = (this.byReason[code] ?? 0) + 1;
    const kind = `${status}|${issueCodes[0] ?? ''}`;
    const listed = this.listed.get(kind) ?? 0;
    if (listed < this.perKind) {
      this.listed.set(kind, listed + 1);
      this.items.push(build());
    } else this.omitted += 1;
  }

  /** The claims' outcomes of one batch (hours in hundredths, so a million rows add up exactly). */
  addOutcomes(outcomes: readonly ClaimOutcome[]): void {
    for (const o of outcomes) {
      if (o.status === 'rejected') continue; // counted with the items
      this.counts[o.status] += 1;
      if (o.status === 'created' || o.status === 'would_create') this.hundredths += Math.round(o.hours * 100);
    }
  }

  addCourseFacts(recorded: number, unchanged: number): void {
    this.counts.courses_recorded += recorded;
    this.counts.courses_unchanged += unchanged;
  }

  summary(rows: number): Summary {
    return { ...this.counts, hours: this.hundredths / 100, rows, by_reason: { ...this.byReason } };
  }
}

/** The summary of a file refused whole (nothing read row by row). */
export function emptySummary(rows = 0): Summary {
  return new ImportReportCollector().summary(rows);
}
