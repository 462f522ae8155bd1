import { describe, expect, it } from 'vitest';
import { requireLedgerReader } from './ledger';

const owner = { tenantId: 't1', personId: 'teacher' };
const actor = (personId: string, roles: string[], tenantId = 't1') =>
  ({ tenantId, personId, roles }) as Parameters<typeof requireLedgerReader>[0];

describe('who reads a teacher ledger', () => {
  it('the teacher and an institution administrator of the tenant', () => {
    expect(() => requireLedgerReader(actor('teacher', ['teacher']), owner)).not.toThrow();
    expect(() => requireLedgerReader(actor('admin', ['institution_admin']), owner)).not.toThrow();
  });
  it('nobody else, and the answer is "not found" so the enrolment is not told', () => {
    for (const other of [
      actor('other', ['teacher']),
      actor('assessor', ['assessor']),
      actor('admin', ['institution_admin'], 't2'),
    ]) {
      expect(() => requireLedgerReader(other, owner)).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
    expect(() => requireLedgerReader(actor('teacher', ['teacher']), undefined)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});
