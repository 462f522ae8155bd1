import { eq, sql } from 'drizzle-orm';
import type { HourEntry } from '../../../../shared/domain';
import type { Db } from '../../db/client';
import { hoursLedgerEntries } from '../../db/schema';

/**
 * A teacher's ledger as the engine's hour entries: one entry per category and school year, the sum of every signed
 * row (corrections included). Sums are exact decimals from PostgreSQL; a net negative year counts as zero.
 */
export async function ledgerHourEntries(db: Db, enrolmentId: string): Promise<HourEntry[]> {
  const rows = await db
    .select({
      category: hoursLedgerEntries.category,
      schoolYear: hoursLedgerEntries.schoolYear,
      hours: sql<string>`sum(${hoursLedgerEntries.hours})`,
    })
    .from(hoursLedgerEntries)
    .where(eq(hoursLedgerEntries.enrolmentId, enrolmentId))
    .groupBy(hoursLedgerEntries.category, hoursLedgerEntries.schoolYear)
    .orderBy(hoursLedgerEntries.schoolYear, hoursLedgerEntries.category);
  return rows
    .map((r) => ({
      category: r.category,
      schoolYear: r.schoolYear,
      hours: Math.max(0, Number(r.hours)),
      source: 'ledger',
    }))
    .filter((r) => r.hours > 0);
}
