import { describe, expect, it } from 'vitest';
import { canReadEvidenceFile } from './evidence-files';

const owner = { tenantId: 't1', personId: 'teacher', programmeInstanceId: 'p1', schoolId: 's1' };
const assessor = (review?: { programmeInstanceId: string; schoolIds: string[] }, tenantId = 't1') => ({
  tenantId,
  personId: 'assessor',
  roles: ['assessor'],
  review,
});

describe('who may download evidence', () => {
  it('lets the owner teacher read their own file', () => {
    expect(canReadEvidenceFile({ tenantId: 't1', personId: 'teacher', roles: ['teacher'] }, owner)).toBe(true);
  });
  it('refuses another teacher of the same school', () => {
    expect(canReadEvidenceFile({ tenantId: 't1', personId: 'other', roles: ['teacher'] }, owner)).toBe(false);
  });
  it('lets an assessor whose course covers the school and programme read it', () => {
    expect(canReadEvidenceFile(assessor({ programmeInstanceId: 'p1', schoolIds: ['s1', 's2'] }), owner)).toBe(true);
  });
  it('refuses an assessor of another school, another programme, another tenant or without a linked course', () => {
    expect(canReadEvidenceFile(assessor({ programmeInstanceId: 'p1', schoolIds: ['s2'] }), owner)).toBe(false);
    expect(canReadEvidenceFile(assessor({ programmeInstanceId: 'p2', schoolIds: ['s1'] }), owner)).toBe(false);
    expect(canReadEvidenceFile(assessor({ programmeInstanceId: 'p1', schoolIds: ['s1'] }, 't2'), owner)).toBe(false);
    expect(canReadEvidenceFile(assessor(undefined), owner)).toBe(false);
  });
  it('refuses the same person id from another tenant', () => {
    expect(canReadEvidenceFile({ tenantId: 't2', personId: 'teacher', roles: ['teacher'] }, owner)).toBe(false);
  });
});
