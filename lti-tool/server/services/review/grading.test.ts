import { describe, expect, it } from 'vitest';
import { getCatalogue, getProgramme } from '../../../../shared/domain';
import { applyParameterOverrides } from '../../../../shared/programmes/overrides';
import type { EvidenceItemRow } from '../teacher-journey/submission-data';
import { DomainError } from '../errors';
import { aggregate } from './grading';

const a1 = getCatalogue('national-2.0').abilities.find((a) => a.code === 'A1')!;
const national = getProgramme('cn-national-2.0');
const onlyPlan = [{ id: 'i1', slotId: 'analysis-plan' } as EvidenceItemRow];
const planGrade = [{ slotId: 'analysis-plan', grade: 'excellent' as const }];

describe('grading a submission that lacks a required item', () => {
  it('is refused under the shipped rule, naming the missing item: the ability is not failed on form alone', () => {
    let error: unknown;
    try {
      aggregate(a1, onlyPlan, planGrade, national);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'required_item_missing',
      details: { missing: [{ slotId: 'analysis-report' }] },
    });
  });

  it('fails it where the programme fails on form alone', () => {
    const strict = applyParameterOverrides(national, { 'evidence.missingRequiredItem': 'fail' });
    if (!strict.ok) throw new Error('override refused');
    expect(aggregate(a1, onlyPlan, planGrade, strict.programme)).toBe('fail');
  });

  it('grades a complete submission by the aggregation rule', () => {
    const both = [...onlyPlan, { id: 'i2', slotId: 'analysis-report' } as EvidenceItemRow];
    const grades = [...planGrade, { slotId: 'analysis-report', grade: 'pass' as const }];
    expect(aggregate(a1, both, grades, national)).toBe('pass');
  });
});
