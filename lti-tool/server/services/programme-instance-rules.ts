import { programmeSchema, type Programme } from '../../../shared/domain';

const cache = new Map<string, Programme>();

/**
 * The definition's rules as one programme instance runs them: `parameterOverrides` replaces a parameter's value by
 * its dotted path, e.g. `{ "period.deadline": "2027-06-30", "period.window": { "startYear": 2025, "endYear": 2027 } }`.
 * An unknown path or a value the schema refuses is an error, never silently ignored. Results are cached per
 * definition and overrides (they are small and change only when an administrator edits the instance).
 */
export function instanceProgramme(definition: Programme, overrides: Record<string, unknown>): Programme {
  if (Object.keys(overrides).length === 0) return definition;
  const key = `${definition.id}@${definition.dataVersion}:${JSON.stringify(overrides)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const copy = structuredClone(definition) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) {
    let node: unknown = copy;
    for (const part of path.split('.')) {
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
    if (!node || typeof node !== 'object' || !('value' in node)) {
      throw new Error(`programme override ${path}: no such parameter in ${definition.id}`);
    }
    (node as { value: unknown }).value = value;
  }
  const programme = programmeSchema.parse(copy);
  if (cache.size > 500) cache.clear();
  cache.set(key, programme);
  return programme;
}
