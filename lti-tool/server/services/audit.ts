import { z } from 'zod';
import type { DbTransaction } from '../db/client';
import { auditClients, auditLog } from '../db/schema';

/**
 * One audit event. `before`/`after` are the record's JSON-able state around the change (omit for pure
 * creations or deletions); Date values are stored as ISO strings.
 */
export const auditEntrySchema = z.object({
  tenantId: z.uuid(),
  /** The teacher whose record changed, so "everything that happened to my record" is one index scan. */
  subjectPersonId: z.uuid().nullish(),
  actorPersonId: z.uuid().nullish(),
  /** Who, in words, even without a person: a display name, `system:grade-outbox`, `cli:import`. */
  actorLabel: z.string().trim().min(1).max(200),
  client: z.enum(auditClients),
  /** Dotted `entity.verb`, lower case: `submission.submit`, `hours.correct`. */
  action: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'action must look like entity.verb'),
  entityType: z.string().min(1).max(100),
  entityId: z.string().min(1).max(200),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  requestId: z.string().max(200).nullish(),
});

export type AuditEntry = z.input<typeof auditEntrySchema>;

/** The part of an entry that describes who acts and through what; routes build it once per request. */
export type AuditActor = Pick<AuditEntry, 'actorPersonId' | 'actorLabel' | 'client' | 'requestId'>;

/**
 * Appends an audit event inside the transaction that makes the change, so the two commit or roll back together.
 * It takes a transaction, not the database, on purpose: an audit row written outside the change's transaction
 * could survive a change that failed, or be lost when the change succeeded. Returns the event id.
 */
export async function recordAudit(tx: DbTransaction, entry: AuditEntry): Promise<number> {
  const [row] = await tx.insert(auditLog).values(auditRow(entry)).returning({ id: auditLog.id });
  if (!row) throw new Error('audit insert returned no row');
  return row.id;
}

/**
 * Many events in one statement per 500 (a bulk import writes one event per teacher); same transaction rule.
 */
export async function recordAuditBatch(tx: DbTransaction, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await tx.insert(auditLog).values(entries.slice(i, i + 500).map(auditRow));
  }
}

/** An entry, validated, as the row it becomes. */
function auditRow(entry: AuditEntry) {
  const event = auditEntrySchema.parse(entry);
  return {
    tenantId: event.tenantId,
    subjectPersonId: event.subjectPersonId ?? null,
    actorPersonId: event.actorPersonId ?? null,
    actorLabel: event.actorLabel,
    client: event.client,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: toJson(event.before),
    after: toJson(event.after),
    requestId: event.requestId ?? null,
  };
}

/** Normalises to what jsonb will hold (Dates → ISO strings, undefined fields dropped); absent → SQL null. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
