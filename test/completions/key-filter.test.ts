import { describe, expect, it } from 'vitest';
import { KeyFilter } from '../../lti-tool/server/services/completions/key-filter';

// The first-file import looks up only the keys the filter may have seen: a key it added must always be "maybe",
// and a key it never added should almost never be (else the lookups it saves come back).
describe('KeyFilter', () => {
  const key = (n: number) => `email:t${n}@bench.example.cn|a${n % 7} 微能力点课程`;

  it('says "maybe" for every key added and "no" while empty', () => {
    const filter = new KeyFilter();
    expect(filter.mayHave(key(1))).toBe(false);
    for (let n = 0; n < 100_000; n++) filter.add(key(n));
    let missed = 0;
    for (let n = 0; n < 100_000; n++) if (!filter.mayHave(key(n))) missed++;
    expect(missed).toBe(0);
  });

  it('rarely says "maybe" for a key never added', () => {
    const filter = new KeyFilter();
    for (let n = 0; n < 100_000; n++) filter.add(key(n));
    let falsePositives = 0;
    for (let n = 100_000; n < 200_000; n++) if (filter.mayHave(key(n))) falsePositives++;
    // Three hashes over 2^24 bits after 100,000 keys: about 0.0006 % in theory; 0.1 % leaves room.
    expect(falsePositives).toBeLessThan(100);
  });

  it('tells apart keys that differ in one character, and non-ASCII ones', () => {
    const filter = new KeyFilter(10); // small on purpose: 1,024 bits
    filter.add('email:a@x.cn|课程一');
    expect(filter.mayHave('email:a@x.cn|课程一')).toBe(true);
    const others = ['email:a@x.cn|课程二', 'email:b@x.cn|课程一', 'email:a@x.cn|课程一#A1'];
    expect(others.filter((k) => filter.mayHave(k))).toEqual([]);
  });
});
