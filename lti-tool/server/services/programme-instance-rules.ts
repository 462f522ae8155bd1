import type { Programme } from '../../../shared/domain';
import { applyParameterOverrides, type ParameterOverrides } from '../../../shared/programmes/overrides';

const cache = new Map<string, Programme>();

/**
 * The definition's rules as one programme instance runs them: its stored parameter overrides (deadline, window,
 * hour split… by dotted path, see shared/programmes/overrides.ts) applied. Stored overrides were checked when the
 * administrator saved them, so one that no longer fits the definition is an error, never silently ignored.
 * Cached per definition and overrides: they are small and change only when an administrator edits the instance.
 */
export function instanceProgramme(definition: Programme, overrides: ParameterOverrides): Programme {
  if (Object.keys(overrides).length === 0) return definition;
  const key = `${definition.id}@${definition.dataVersion}:${JSON.stringify(overrides)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const outcome = applyParameterOverrides(definition, overrides);
  if (!outcome.ok) {
    throw new Error(`programme overrides of ${definition.id}: ${outcome.issues.map((i) => i.en).join('; ')}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, outcome.programme);
  return outcome.programme;
}
