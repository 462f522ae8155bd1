import type { HourEntry } from '../../../../shared/domain';
import type { Db } from '../../db/client';
import { ledgerCounts, ledgerRowsByEnrolment, netHourEntries, type LedgerRow } from './ledger';
import type { BatchAhead } from './read-ahead';

/** Most ledger rows a file import keeps in memory for one status refresh (about 100 bytes each). */
export const HELD_ROWS_MAX = 200_000;

/**
 * What a file import's teacher_status refresh needs of the credited teachers' ledgers, kept in memory so that the
 * refresh does not read back every credit the import has just written: each enrolment's ledger as it stood before
 * the import's first write to it in this refresh window (read once, in the transaction, before that batch's COPY:
 * a keyed probe that finds nothing on a first import), plus the credits written since. A teacher credited again in a
 * later window is read again, and that read holds the earlier windows' credits (a file sorted by course names every
 * teacher in every batch). Past `HELD_ROWS_MAX` rows the window gives up: its refresh reads the ledgers as before.
 */
export class HeldCredits {
  private readonly before = new Map<string, LedgerRow[]>();
  private readonly written = new Map<string, Omit<LedgerRow, 'at'>[]>();
  /** Enrolments whose rows before were read ahead, on another connection (none of the import's rows among them). */
  private readonly readAhead = new Set<string>();
  /** Of those, the ones `confirmReadAhead` counted: `confirm` leaves them out. */
  private readonly confirmed = new Set<string>();
  private rows = 0;
  private overflow = false;

  /** `at`: the transaction's `ledgerMoment`, the created_at of every row it writes. */
  constructor(private readonly at: string) {}

  /**
   * Call before writing credits for `enrolmentIds`, in the transaction that writes them. Ledgers the batch read
   * ahead (read-ahead.ts: enrolments the file has not written to) are taken from `ahead`; `beforeRead` runs before
   * the others are read on `tx`.
   */
  async readBefore(
    tx: Db,
    enrolmentIds: Iterable<string>,
    options: { ahead?: BatchAhead; beforeRead?: () => Promise<void> } = {},
  ): Promise<void> {
    if (this.overflow) return;
    const missing = [...new Set(enrolmentIds)].filter((id) => !this.before.has(id));
    if (missing.length === 0) return;
    const { enrolments, ledgers } = options.ahead ?? {};
    const wasReadAhead = (id: string) => ledgers !== undefined && enrolments?.has(id) === true;
    const toRead = missing.filter((id) => !wasReadAhead(id));
    let read: Map<string, LedgerRow[]> | undefined;
    if (toRead.length) {
      await options.beforeRead?.();
      read = await ledgerRowsByEnrolment(tx, toRead);
    }
    for (const id of missing) {
      const ahead = wasReadAhead(id);
      const rows = (ahead ? ledgers!.get(id) : read?.get(id)) ?? [];
      this.before.set(id, rows);
      if (ahead) this.readAhead.add(id);
      this.count(rows.length);
    }
  }

  /** A credit written by the import (read before with `readBefore`), as the ledger read would return it. */
  add(row: Omit<LedgerRow, 'at'>): void {
    if (this.overflow) return;
    const list = this.written.get(row.enrolment_id);
    if (list) list.push(row);
    else this.written.set(row.enrolment_id, [row]);
    this.count(1);
  }

  /**
   * Call before the refresh: drops the enrolments whose ledger gained rows from another writer since they were read
   * (practice hours, a school activity: writers that do not take the tenant's hours lock), so that the refresh reads
   * those again, as it would have. The ledger is append-only (migration 0001): a count per enrolment tells it.
   * Returns the enrolments dropped.
   */
  async confirm(tx: Db, enrolmentIds: readonly string[]): Promise<string[]> {
    if (this.overflow) return [];
    const held = enrolmentIds.filter((id) => this.before.has(id) && !this.confirmed.has(id));
    const dropped: string[] = [];
    for (const [id, count] of await ledgerCounts(tx, held)) {
      if (count === this.before.get(id)!.length + (this.written.get(id)?.length ?? 0)) continue;
      this.before.delete(id);
      dropped.push(id);
    }
    return dropped;
  }

  /**
   * `confirm` for the enrolments read ahead, on another connection (`reader`) while the import's own goes on: call it
   * once they are locked (lockEnrolments; another writer's rows are then committed, and no more can come until the
   * import commits). That connection sees none of the import's rows, so the ledger counts what was read before plus
   * another writer's rows. Returns the enrolments another writer added to; `confirm` then counts only the others.
   */
  async confirmReadAhead(reader: Db, enrolmentIds: readonly string[]): Promise<string[]> {
    if (this.overflow) return [];
    const held = enrolmentIds.filter((id) => this.readAhead.has(id) && this.before.has(id));
    const changed: string[] = [];
    for (const [id, count] of await ledgerCounts(reader, held)) {
      if (count !== this.before.get(id)!.length) changed.push(id);
    }
    for (const id of held) this.confirmed.add(id);
    return changed;
  }

  /** False once the window gave up holding (past HELD_ROWS_MAX): `hoursOf` knows nobody then. */
  get holding(): boolean {
    return !this.overflow;
  }

  /** Whether `hoursOf` knows the enrolment (its ledger was read before and confirmed, or not yet confirmed). */
  knows(enrolmentId: string): boolean {
    return !this.overflow && this.before.has(enrolmentId);
  }

  /** The enrolment's hour entries as loadHourEntriesMany would read them now; undefined when not held. */
  hoursOf(enrolmentId: string): HourEntry[] | undefined {
    const before = this.overflow ? undefined : this.before.get(enrolmentId);
    if (!before) return undefined;
    const written = this.written.get(enrolmentId);
    if (!written) return netHourEntries(before);
    // The ledger's order: created_at, then id (uuids compare as their lower-case text). The rows written here all
    // have the transaction's moment: when every row read before is older (the usual case, most often none), only
    // they need sorting, by id; else the whole list is sorted as the ledger would.
    const at = this.at;
    const byId = (a: Omit<LedgerRow, 'at'>, b: Omit<LedgerRow, 'at'>) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0);
    if (before.every((r) => r.at! < at)) return netHourEntries([...before, ...[...written].sort(byId)]);
    const rows = [...before, ...written.map((r) => ({ ...r, at }))].sort((a, b) =>
      a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : byId(a, b),
    );
    return netHourEntries(rows);
  }

  /** After the window's refresh: the next window starts empty. */
  clear(): void {
    this.before.clear();
    this.written.clear();
    this.readAhead.clear();
    this.confirmed.clear();
    this.rows = 0;
    this.overflow = false;
  }

  private count(rows: number) {
    this.rows += rows;
    if (this.rows <= HELD_ROWS_MAX) return;
    this.overflow = true;
    this.before.clear();
    this.written.clear();
    this.readAhead.clear();
  }
}
