import { foreignKey, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, primaryId, timestamptz } from './columns';
import { people } from './people';
import { tenantId } from './tenants';

/**
 * Institution administrators' API keys for the admin API and `npm run lti` while the tool runs. Only a SHA-256
 * hash of the secret is kept; the secret is shown once. A key acts for its tenant only; revoked keys stay listed.
 */
export const adminApiKeys = pgTable(
  'admin_api_keys',
  {
    id: primaryId(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    /** The first characters of the secret, so an administrator can tell keys apart without the secret. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique('admin_api_keys_key_hash_key'),
    /** The administrator who created it from a launch; null when minted on the command line. */
    createdByPersonId: uuid('created_by_person_id'),
    createdAt: createdAt(),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    foreignKey({
      name: 'admin_api_keys_created_by_fk',
      columns: [t.tenantId, t.createdByPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('admin_api_keys_tenant_id_idx').on(t.tenantId),
  ],
);
