import { describe, expect, it } from 'vitest';
import { addDays, chinaDate, chinaDateTime, chinaMidnight, chinaParts } from './china-time';

describe('China time', () => {
  it('puts 17:00 UTC on 30 November on 1 December, and 15:59 on 30 November', () => {
    expect(chinaDate(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(chinaDate(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(chinaDateTime(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01 01:00');
  });

  it('starts a China day at 16:00 UTC the day before, across a year end', () => {
    expect(chinaMidnight('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('gives the weekday in China: Sunday evening in UTC is Monday in Beijing', () => {
    expect(chinaParts(new Date('2027-01-10T16:00:00Z'))).toEqual({ year: 2027, month: 1, day: 11, weekday: 1 });
    expect(chinaParts(new Date('2027-01-10T15:59:00Z')).weekday).toBe(7);
  });
});
