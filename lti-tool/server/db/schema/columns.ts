import { sql } from 'drizzle-orm';
import { check, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

// Column and constraint helpers shared by every table, so the conventions live in one place:
// uuid keys, timestamptz everywhere, and text + CHECK instead of pg enums (a CHECK can be
// replaced inside a migration transaction; ALTER TYPE … ADD VALUE has restrictions).

export const primaryId = () => uuid('id').primaryKey().defaultRandom();

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

export const updatedAt = () =>
  timestamptz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Micro-ability code such as `A1` or `C7`; regional catalogues may add suffixed variants (`A3-1`). */
export const abilityCode = (name = 'ability_code') => text(name);

/** Upper-case and short, so that unique indexes over codes mean what they say (`a1` ≠ `A1` would slip through). */
export const abilityCodeCheck = (name: string, column: AnyPgColumn) =>
  check(name, sql`${column} ~ '^[A-Z][A-Z0-9.-]{0,15}$'`);

/** CHECK that a text column holds one of `values`. Values are inlined: CHECK constraints take no parameters. */
export const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${sql.raw(values.map(quoteLiteral).join(', '))})`);

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
