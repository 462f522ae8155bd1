/**
 * A hash table from whole-number keys up to 2^53 (an ability's state and slot codes packed into one number) to
 * small non-negative integers (positions in the caller's lists), in one typed array of [key, value + 1] pairs: a
 * lookup touches one or two cache lines of contiguous memory instead of a chain of Map nodes spread over the heap,
 * which is what a province-wide evaluation waits on. Open addressing, linear probing, at most half full.
 */
export class KeyTable {
  private cells = new Float64Array(128);
  private mask = 63;
  private size = 0;

  /** The value kept for `key`, or -1. */
  get(key: number): number {
    const cells = this.cells;
    const mask = this.mask;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const value = cells[2 * i + 1] as number;
      if (value === 0) return -1;
      if (cells[2 * i] === key) return value - 1;
    }
  }

  /** Keeps `value` (a non-negative integer) for a key not yet present; keys outside 0 … 2^53 − 1 are not kept. */
  set(key: number, value: number): void {
    if (!(key >= 0 && key <= Number.MAX_SAFE_INTEGER)) return;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(key, value + 1);
    this.size++;
  }

  private place(key: number, stored: number): void {
    const mask = this.mask;
    let i = hash(key) & mask;
    while (this.cells[2 * i + 1] !== 0) i = (i + 1) & mask;
    this.cells[2 * i] = key;
    this.cells[2 * i + 1] = stored;
  }

  private grow(): void {
    const old = this.cells;
    this.cells = new Float64Array(old.length * 2);
    this.mask = this.cells.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.place(old[i] as number, old[i + 1] as number);
  }
}

/** A KeyTable with a list of values beside it, bounded like the other caches (past `limit`, nothing is kept). */
export class KeyMemo<V> {
  private readonly table = new KeyTable();
  private readonly values: V[] = [];

  constructor(private readonly limit: number) {}

  get(key: number): V | undefined {
    const i = this.table.get(key);
    return i < 0 ? undefined : this.values[i];
  }

  /** Whether another value would be kept. */
  hasRoom(): boolean {
    return this.values.length < this.limit;
  }

  keep(key: number, value: V): V {
    if (this.values.length < this.limit && key >= 0 && key <= Number.MAX_SAFE_INTEGER) {
      this.table.set(key, this.values.length);
      this.values.push(value);
    }
    return value;
  }
}

/** Mixes the low and high 32 bits of a whole number below 2^53. */
function hash(key: number): number {
  const low = key | 0;
  const high = (key / 4294967296) | 0;
  const h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}
