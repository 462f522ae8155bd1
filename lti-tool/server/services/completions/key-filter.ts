/**
 * The import keys a file has written so far, as a Bloom filter of fixed size (2 MiB, three hashes): on a source's
 * first file no other key can be stored, so a key the filter has never seen needs no lookup, and only the rare
 * "maybe" (a repeated row, or about 0.4 % of keys after a million) is looked up in the database. Fixed size, so the
 * import's memory does not grow with the file.
 */
export class KeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(log2Bits = 24) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  add(key: string): void {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + i * h2) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  /** False: the key was never added. True: it may have been. */
  mayHave(key: string): boolean {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + i * h2) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit hashes of the key's UTF-16 code units (FNV-1a and a multiplicative one). */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b | 1) >>> 0];
}
