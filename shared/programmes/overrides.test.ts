import { describe, expect, it } from 'vitest';
import { applyParameterOverrides, overridableParameters } from './overrides';
import { getProgramme } from './registry';

describe('programme parameter overrides', () => {
  const henan = getProgramme('cn-henan-2.0');

  it('lists every parameter by its dotted path with the definition value', () => {
    const params = overridableParameters(henan);
    expect(params.find((p) => p.path === 'period.deadline')?.value).toBe('2023-12-31');
    expect(params.find((p) => p.path === 'hours.totalMin')?.value).toBe(50);
    expect(params.some((p) => p.path === 'period')).toBe(false);
  });

  it('applies valid overrides and leaves the definition alone', () => {
    const outcome = applyParameterOverrides(henan, { 'period.deadline': '2027-06-30', 'hours.totalMin': 60 });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.programme.period.deadline.value).toBe('2027-06-30');
    expect(outcome.programme.hours.totalMin.value).toBe(60);
    expect(henan.period.deadline.value).toBe('2023-12-31');
  });

  it('refuses unknown paths and values the parameter cannot take, naming the parameter', () => {
    const unknown = applyParameterOverrides(henan, { 'hours.bogus': 1 });
    expect(unknown).toMatchObject({ ok: false, issues: [{ path: 'hours.bogus' }] });
    const bad = applyParameterOverrides(henan, { 'hours.totalMin': -5, 'period.deadline': '31/12/2027' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => i.path).sort()).toEqual(['hours.totalMin', 'period.deadline']);
  });
});
