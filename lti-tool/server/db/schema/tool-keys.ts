import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, timestamptz } from './columns';

export const toolKeyStatuses = ['next', 'current', 'previous', 'retired'] as const;
export type ToolKeyStatus = (typeof toolKeyStatuses)[number];

/**
 * The tool's own RS256 signing keys (lti/tool-keys.ts). Deployment-wide, not tenant-owned: one JWKS URL
 * serves every platform. The private half is sealed (AES-256-GCM) before it reaches the database.
 */
export const toolKeys = pgTable(
  'tool_keys',
  {
    kid: text('kid').primaryKey(),
    status: text('status', { enum: toolKeyStatuses }).notNull(),
    publicJwk: jsonb('public_jwk').notNull(),
    privateKeySealed: jsonb('private_key_sealed').notNull(),
    createdAt: createdAt(),
    activatedAt: timestamptz('activated_at'),
    retiredAt: timestamptz('retired_at'),
  },
  (t) => [
    oneOf('tool_keys_status_check', t.status, toolKeyStatuses),
    // Rotation relies on exactly one current and at most one next key, even with several processes.
    uniqueIndex('tool_keys_one_current_or_next_key')
      .on(t.status)
      .where(sql`${t.status} in ('current', 'next')`),
    check('tool_keys_retired_has_time', sql`${t.status} <> 'retired' or ${t.retiredAt} is not null`),
  ],
);
