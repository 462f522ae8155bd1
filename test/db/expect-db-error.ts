import { expect } from 'vitest';
import { databaseError } from '../../lti-tool/server/db/errors';

/** Awaits `action`, expecting PostgreSQL to refuse it with `code` (and, when given, the named constraint). */
export async function expectDbError(action: Promise<unknown>, code: string, constraint?: string): Promise<void> {
  const outcome = await action.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome, 'the database accepted what it should refuse').toBeDefined();
  const info = databaseError(outcome);
  expect(info, `not a database error: ${String(outcome)}`).toBeDefined();
  expect({ code: info?.code, constraint: constraint === undefined ? undefined : info?.constraint }).toEqual({
    code,
    constraint,
  });
}
