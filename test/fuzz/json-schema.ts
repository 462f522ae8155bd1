import fc from 'fast-check';

/** The part of JSON Schema (2020-12, as zod-to-openapi writes it) the API's request schemas use. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** Text as teachers, platforms and attackers type it: CJK, emoji, control characters, long runs. */
const text = (minLength = 0, maxLength = 40) =>
  fc.oneof(
    fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, 40)) }),
    fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, Math.min(maxLength, 20)) }),
    fc.constantFrom('教学反思', '伊川县第一实验小学', '😀', ' ', '../../etc/passwd', '<script>', "'; drop table x;--"),
  );

const dateText = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringOf(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
    case 'date-time':
      return dateText;
    case 'date':
      return dateText.map((d) => d.slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 400));
    } catch {
      // A pattern fast-check cannot generate from: plain text still exercises the validation.
    }
  }
  return text(schema.minLength ?? 0, schema.maxLength ?? 40);
}

/** Values that satisfy (mostly) the schema: what a well-behaved client sends, with odd but valid content. */
export function arbitraryOf(schema: JsonSchema, ids: readonly string[] = [], depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryOf(s, ids, depth + 1)));
  if (schema.allOf?.length) return arbitraryOf(schema.allOf[0] ?? {}, ids, depth + 1);
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => arbitraryOf({ ...schema, type }, ids, depth)));
  }
  switch (schema.type) {
    case 'string':
      return stringOf(schema, ids);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e9,
        max: schema.maximum ?? schema.exclusiveMaximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, depth > 2 ? 1 : 4));
      return fc.array(arbitraryOf(schema.items ?? {}, ids, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, child]) => [key, arbitraryOf(child, ids, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
  }
  return fc.jsonValue({ maxDepth: 2 });
}

/** Replaces one field of an object with any JSON, or drops it: the near misses validation must name. */
function mutated(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fc.jsonValue({ maxDepth: 2 });
  const keys = Object.keys(value);
  if (!keys.length) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
  return fc
    .tuple(fc.constantFrom(...keys), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }))
    .map(([key, replacement]) => {
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (replacement === undefined) delete copy[key];
      else copy[key] = replacement;
      return copy;
    });
}

/** Bodies for one request schema: mostly valid, some near misses, some anything at all. */
export function bodiesOf(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<unknown> {
  const valid = arbitraryOf(schema, ids);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: valid.chain(mutated) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** The same value with a NUL put into its first string (or, when it has none, into a new key). */
export function withNul(value: unknown): unknown {
  let done = false;
  const visit = (v: unknown): unknown => {
    if (done) return v;
    if (typeof v === 'string') {
      done = true;
      return `${v}\u0000`;
    }
    if (Array.isArray(v)) return v.map(visit);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, visit(child)]));
    }
    return v;
  };
  const out = visit(value);
  if (done) return out;
  return typeof out === 'object' && out !== null && !Array.isArray(out) ? { ...out, 'x\u0000': 1 } : ['\u0000'];
}
