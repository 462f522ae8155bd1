import type { Db } from '../../db/client';
import { DomainError } from '../errors';
import type { AuditActor } from '../audit';
import { itemsOf } from '../teacher-journey/submission-data';
import { gradeSubmission } from './grading';
import { submissionInScope, type ReviewScope } from './scope';

/**
 * The common case in one request: every provided item of each listed submission is 合格. Each submission commits
 * on its own, so one stale version (409) or wrong state does not undo the others; the result says which is which.
 */
export async function batchPass(
  db: Db,
  scope: ReviewScope,
  input: { submissions: { id: string; version: number }[]; comment?: string | undefined },
  actor: AuditActor,
) {
  const results = [];
  for (const target of input.submissions) {
    try {
      const { submission } = await submissionInScope(db, scope, target.id);
      const items = await itemsOf(db, [submission.id]);
      const grades = items.map((i) => ({ slotId: i.slotId, grade: 'pass' as const, comment: input.comment }));
      const done = await gradeSubmission(db, scope, target.id, { version: target.version, items: grades }, actor);
      results.push({ id: target.id, ok: true as const, state: done.state, version: done.version, grade: done.grade });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      results.push({ id: target.id, ok: false as const, error: err.code });
    }
  }
  return { results };
}
