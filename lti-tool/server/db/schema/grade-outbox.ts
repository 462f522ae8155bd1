import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, timestamptz } from './columns';
import { platforms } from './lti-registrations';
import { tenantId } from './tenants';

export const gradeOutboxStatuses = ['pending', 'delivered', 'superseded', 'rejected', 'failed'] as const;
export type GradeOutboxStatus = (typeof gradeOutboxStatuses)[number];

/**
 * Scores waiting to reach a platform's gradebook (AGS). Written in the same transaction as the grade that caused
 * them, sent by a job with retries and backoff, and kept after delivery as the record of what the LMS received.
 */
export const gradeOutbox = pgTable(
  'grade_outbox',
  {
    id: primaryId(),
    tenantId: tenantId(),
    platformId: uuid('platform_id').notNull(),
    /** The caller's key for this score; enqueueing the same key twice stores one row. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** The platform user (`sub`) the score is for: from a verified launch or roster, never from a browser. */
    subject: text('subject').notNull(),
    personId: uuid('person_id'),
    lineItemsUrl: text('line_items_url'),
    lineItemUrl: text('line_item_url'),
    /** How to find or create the line item when no URL is known yet: label, scoreMaximum, resourceId, link. */
    lineItemSpec: jsonb('line_item_spec'),
    score: jsonb('score').notNull(),
    status: text('status', { enum: gradeOutboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    lockedUntil: timestamptz('locked_until'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    /** A short code for the last failure (`token_refused`, `timeout`, `http_503`…) for the admin's delivery screen. */
    lastErrorCode: text('last_error_code'),
    createdAt: createdAt(),
    deliveredAt: timestamptz('delivered_at'),
  },
  (t) => [
    unique('grade_outbox_platform_id_idempotency_key_key').on(t.platformId, t.idempotencyKey),
    foreignKey({
      name: 'grade_outbox_platform_fk',
      columns: [t.tenantId, t.platformId],
      foreignColumns: [platforms.tenantId, platforms.id],
    }).onDelete('cascade'),
    index('grade_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('grade_outbox_subject_idx').on(t.platformId, t.subject),
    oneOf('grade_outbox_status_check', t.status, gradeOutboxStatuses),
    check('grade_outbox_line_item_known', sql`${t.lineItemUrl} is not null or ${t.lineItemsUrl} is not null`),
  ],
);
