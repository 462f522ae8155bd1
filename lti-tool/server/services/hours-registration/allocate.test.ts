import { describe, expect, it } from 'vitest';
import { allocateHours } from './allocate';

describe('cross-year allocation', () => {
  it('splits by the county’s percents and keeps the total exact', () => {
    expect(allocateHours(50, { '2021': 30, '2022': 50, '2023': 20 })).toEqual([
      { year: 2021, hours: 15 },
      { year: 2022, hours: 25 },
      { year: 2023, hours: 10 },
    ]);
    const odd = allocateHours(33.33, { '2021': 30, '2022': 50, '2023': 20 });
    expect(odd.map((y) => y.hours)).toEqual([9.99, 16.66, 6.68]);
    expect(Math.round(odd.reduce((a, y) => a + y.hours, 0) * 100)).toBe(3333);
  });

  it('gives a zero share nothing, even when it is the last year', () => {
    expect(allocateHours(10, { '2022': 100, '2023': 0 })).toEqual([
      { year: 2022, hours: 10 },
      { year: 2023, hours: 0 },
    ]);
  });
});
