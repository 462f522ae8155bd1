import { sql } from 'drizzle-orm';
import { check, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, primaryId, updatedAt } from './columns';

/** An institution's space: every other row belongs to exactly one tenant. */
export const tenants = pgTable(
  'tenants',
  {
    id: primaryId(),
    slug: text('slug').notNull().unique('tenants_slug_key'),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('tenants_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)],
);

/**
 * `tenant_id` for tenant-owned tables. Tables whose parent is tenant-owned additionally reference the
 * parent through (tenant_id, parent_id), so a row can never point into another tenant.
 */
export const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'restrict' });
