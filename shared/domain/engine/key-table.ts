/**
 * A hash table from whole-number keys up to 2^53 (an ability's state and slot codes packed into one number) to
 * values, in two typed arrays: a lookup touches a few cache lines of contiguous memory instead of a chain of Map
 * nodes spread over the heap, which is what a province-wide evaluation waits on. Open addressing, linear probing,
 * at most half full; bounded like the other caches (past `limit` entries, nothing more is kept).
 */
export class KeyTable<V> {
  private keys = new Float64Array(64);
  /** Index + 1 of the value in `values`; 0 marks an empty cell. */
  private slots = new Int32Array(64);
  private mask = 63;
  private readonly values: V[] = [];

  constructor(private readonly limit: number) {}

  get(key: number): V | undefined {
    const keys = this.keys;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const slot = slots[i] as number;
      if (slot === 0) return undefined;
      if (keys[i] === key) return this.values[slot - 1];
    }
  }

  /** Keeps `value` for a key not yet present (the caller looked it up first) and returns it. */
  keep(key: number, value: V): V {
    if (this.values.length >= this.limit || !(key >= 0 && key <= Number.MAX_SAFE_INTEGER)) return value;
    if ((this.values.length + 1) * 2 > this.slots.length) this.grow();
    this.values.push(value);
    this.place(key, this.values.length);
    return value;
  }

  private place(key: number, slot: number): void {
    const mask = this.mask;
    let i = hash(key) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.keys[i] = key;
    this.slots[i] = slot;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) this.place(keys[i] as number, slots[i] as number);
  }
}

/** Mixes the low and high 32 bits of a whole number below 2^53. */
function hash(key: number): number {
  const low = key | 0;
  const high = (key / 4294967296) | 0;
  const h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}
