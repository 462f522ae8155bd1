import { sql } from 'drizzle-orm';

/**
 * One array parameter (`= any($n::text[])`) instead of one parameter per key: a bulk import looks up 100,000 keys,
 * and building and binding that many parameters costs more than the lookup. PostgreSQL's array literal, quoted.
 */
export function arrayParam(values: readonly string[]) {
  const literal = `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  return sql.param(literal);
}
