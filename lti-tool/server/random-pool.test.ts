import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from './random-pool';

describe('pooledRandomBytes', () => {
  it('hands out the requested length, never the same bytes twice, and never changes bytes already handed out', () => {
    const drawn = Array.from({ length: 400 }, () => pooledRandomBytes(32));
    const copies = drawn.map((b) => Buffer.from(b));
    // 400 × 32 bytes spans several pools: later refills must not touch earlier results.
    for (let i = 0; i < 300; i++) pooledRandomBytes(73);
    expect(drawn.every((b) => b.length === 32)).toBe(true);
    expect(drawn.map((b, i) => b.equals(copies[i] as Buffer)).every(Boolean)).toBe(true);
    expect(new Set(drawn.map((b) => b.toString('hex'))).size).toBe(drawn.length);
  });

  it('serves large requests straight from the CSPRNG', () => {
    const big = pooledRandomBytes(4096);
    expect(big.length).toBe(4096);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
