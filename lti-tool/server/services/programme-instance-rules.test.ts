import { describe, expect, it } from 'vitest';
import { getProgramme } from '../../../shared/domain';
import { instanceProgramme } from './programme-instance-rules';

const national = getProgramme('cn-national-2.0');

describe('an instance runs the definition with its overrides', () => {
  it('replaces the named parameters and keeps the rest', () => {
    const ran = instanceProgramme(national, {
      'period.deadline': '2028-06-30',
      'period.window': { startYear: 2025, endYear: 2027 },
    });
    expect(ran.period.deadline.value).toBe('2028-06-30');
    expect(ran.period.window.value).toEqual({ startYear: 2025, endYear: 2027 });
    expect(ran.hours).toEqual(national.hours);
    expect(national.period.deadline.value).toBe('2022-12-31');
    expect(instanceProgramme(national, {})).toBe(national);
  });

  it('refuses an unknown parameter and a value the schema refuses', () => {
    expect(() => instanceProgramme(national, { 'period.deadlne': '2028-06-30' })).toThrow(/period.deadlne/);
    expect(() => instanceProgramme(national, { 'period.window': { startYear: 2027, endYear: 2025 } })).toThrow();
  });
});
