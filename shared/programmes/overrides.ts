import { programmeSchema, type Programme } from '../domain/schemas/programme';

/** A programme instance's overrides: a parameter's dotted path (`period.deadline`, `hours.totalMin`) → its value. */
export type ParameterOverrides = Record<string, unknown>;

export interface OverridableParameter {
  path: string;
  /** The definition's value (what the instance uses without an override). */
  value: unknown;
}

const isParam = (v: unknown): v is { value: unknown; confidence: string } =>
  typeof v === 'object' && v !== null && 'value' in v && 'confidence' in v;

/** Every parameter of a definition an instance may override, in the definition's order. */
export function overridableParameters(programme: Programme): OverridableParameter[] {
  const out: OverridableParameter[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isParam(child)) out.push({ path, value: child.value });
      else walk(child, path);
    }
  };
  walk(programme, '');
  return out;
}

export type OverrideOutcome =
  { ok: true; programme: Programme } | { ok: false; issues: Array<{ path: string; zh: string; en: string }> };

/**
 * The definition with an instance's overrides applied, validated by the definition's own schema, so an override
 * can only be a value the parameter could have had (an override's note becomes "set by the institution").
 */
export function applyParameterOverrides(programme: Programme, overrides: ParameterOverrides): OverrideOutcome {
  const known = new Set(overridableParameters(programme).map((p) => p.path));
  const unknown = Object.keys(overrides).filter((path) => !known.has(path));
  if (unknown.length > 0) {
    return {
      ok: false,
      issues: unknown.map((path) => ({
        path,
        zh: `“${path}”不是该项目可调整的参数`,
        en: `"${path}" is not a parameter of this programme`,
      })),
    };
  }
  const copy = structuredClone(programme) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split('.');
    let node = copy;
    for (const key of keys) node = node[key] as Record<string, unknown>;
    node.value = value;
    node.confidence = 'several-sources';
    node.note = { zh: '由机构设置', en: 'set by the institution' };
  }
  const parsed = programmeSchema.safeParse(copy);
  if (parsed.success) return { ok: true, programme: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const path = i.path.filter((p) => p !== 'value').join('.');
      return { path, zh: `参数 ${path} 的值不符合要求：${i.message}`, en: `Parameter ${path}: ${i.message}` };
    }),
  };
}
