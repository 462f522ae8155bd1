import { bigserial, foreignKey, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf } from './columns';
import { people } from './people';
import { tenantId } from './tenants';

export const auditClients = ['web', 'extension', 'api', 'cli', 'lti', 'system'] as const;
export type AuditClient = (typeof auditClients)[number];

/**
 * Who changed what, from which client, with the record before and after. Append-only: a trigger (migration
 * 0001) refuses UPDATE, DELETE and TRUNCATE. Written through services/audit.ts in the changing transaction.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantId(),
    /** The teacher whose record changed, when there is one: "everything that happened to my record". */
    subjectPersonId: uuid('subject_person_id'),
    actorPersonId: uuid('actor_person_id'),
    /** Human-readable actor, kept even without a person (e.g. `system:grade-outbox`, an LTI display name). */
    actorLabel: text('actor_label').notNull(),
    client: text('client', { enum: auditClients }).notNull(),
    /** Dotted `entity.verb`, e.g. `submission.submit`. */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'audit_log_subject_person_fk',
      columns: [t.tenantId, t.subjectPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'audit_log_actor_person_fk',
      columns: [t.tenantId, t.actorPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('audit_log_tenant_id_created_at_idx').on(t.tenantId, t.createdAt),
    index('audit_log_subject_person_id_created_at_idx').on(t.subjectPersonId, t.createdAt),
    index('audit_log_entity_idx').on(t.tenantId, t.entityType, t.entityId),
    index('audit_log_actor_person_id_idx').on(t.actorPersonId),
    oneOf('audit_log_client_check', t.client, auditClients),
  ],
);
