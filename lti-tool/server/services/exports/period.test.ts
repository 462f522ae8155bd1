import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { periodRange } from './period';

describe('report periods', () => {
  it('spans whole months, leap February included', () => {
    expect(periodRange({ kind: 'monthly', month: '2028-02' })).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange({ kind: 'monthly', month: '2026-12' })).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('turns any day into its Monday-to-Sunday week', () => {
    expect(periodRange({ kind: 'weekly', weekOf: '2026-12-06' })).toMatchObject({
      from: '2026-11-30',
      to: '2026-12-06',
    });
    expect(periodRange({ kind: 'weekly', weekOf: '2026-11-30' })).toMatchObject({
      from: '2026-11-30',
      to: '2026-12-06',
    });
  });

  it('refuses a range that ends before it starts or spans more than a year', () => {
    expect(() => periodRange({ kind: 'range', from: '2026-02-01', to: '2026-01-01' })).toThrow(DomainError);
    expect(() => periodRange({ kind: 'range', from: '2025-01-01', to: '2026-06-01' })).toThrow(DomainError);
    expect(periodRange({ kind: 'range', from: '2026-01-01', to: '2026-01-31' }).label).toBe('2026-01-01_2026-01-31');
  });
});
