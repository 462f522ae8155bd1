import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { createSourceBody } from '../../../../shared/api/completions';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { databaseError, isUniqueViolation, SqlState } from '../../db/errors';
import { DomainError } from '../errors';
import { recordAudit, type AuditActor } from '../audit';
import { completionSources } from '../../db/schema';

export type CompletionSource = typeof completionSources.$inferSelect;

/**
 * Credentials of API and xAPI sources: a public id (`cs_` + 16 random bytes, finds the source and so its tenant)
 * and a secret (32 random bytes) kept only as a SHA-256 hash; a secret with 256 bits of entropy needs no slow hash.
 * REST clients send `Authorization: Bearer <id>.<secret>`; xAPI plugins send HTTP Basic with id and secret.
 */
export interface SourceCredential {
  id: string;
  secret: string;
  /** `<id>.<secret>`, the bearer API key. */
  apiKey: string;
}

const hashSecret = (secret: string) => `sha256:${createHash('sha256').update(secret).digest('base64url')}`;

function newCredential(): SourceCredential {
  const id = `cs_${randomBytes(16).toString('base64url')}`;
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, apiKey: `${id}.${secret}` };
}

/** The request schema lives in the shared contract; the name stays for the callers that validate with it. */
export const createSourceSchema = createSourceBody;
export type CreateSourceInput = z.input<typeof createSourceSchema>;

/**
 * createCompletionSource for the admin API: a taken name is a conflict on `name`; a programme instance or platform
 * of another tenant fails the composite foreign key and reads as not found.
 */
export async function createCompletionSourceChecked(
  db: Db,
  tenantId: string,
  raw: CreateSourceInput,
  actor: AuditActor = SYSTEM_ACTOR,
) {
  try {
    return await createCompletionSource(db, tenantId, raw, actor);
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('conflict', { field: 'name' });
    if (databaseError(err)?.code === SqlState.foreignKeyViolation) throw new DomainError('not_found');
    throw err;
  }
}

const SYSTEM_ACTOR: AuditActor = { actorLabel: 'system:completion-sources', client: 'system' };

/**
 * Creates a source; API and xAPI sources get a credential, returned once and never stored in clear. Audited
 * (`completion_source.create`, without the credential's hash) in the same transaction: a source feeds teachers'
 * hours, so who opened it matters.
 */
export async function createCompletionSource(
  db: Db,
  tenantId: string,
  raw: CreateSourceInput,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<{ source: CompletionSource; credential?: SourceCredential }> {
  const input = createSourceSchema.parse(raw);
  const credential = input.kind === 'api' || input.kind === 'xapi' ? newCredential() : undefined;
  return db.transaction(async (tx) => {
    const [source] = await tx
      .insert(completionSources)
      .values({
        tenantId,
        name: input.name,
        kind: input.kind,
        programmeInstanceId: input.programmeInstanceId ?? null,
        platformId: input.platformId ?? null,
        credentialId: credential?.id ?? null,
        credentialHash: credential ? hashSecret(credential.secret) : null,
        settings: input.settings ?? {},
      })
      .returning();
    const { credentialHash: _hash, ...recorded } = source!;
    await recordAudit(tx, {
      tenantId,
      ...actor,
      action: 'completion_source.create',
      entityType: 'completion_source',
      entityId: source!.id,
      after: recorded,
    });
    return { source: source!, credential };
  });
}

/** A new secret for the source (the old one stops working at once). */
export async function rotateSourceCredential(
  db: Db,
  tenantId: string,
  sourceId: string,
): Promise<SourceCredential | undefined> {
  const credential = newCredential();
  const rows = await db
    .update(completionSources)
    .set({ credentialId: credential.id, credentialHash: hashSecret(credential.secret) })
    .where(
      and(
        eq(completionSources.tenantId, tenantId),
        eq(completionSources.id, sourceId),
        inArray(completionSources.kind, ['api', 'xapi']),
      ),
    )
    .returning({ id: completionSources.id });
  return rows.length > 0 ? credential : undefined;
}

/**
 * The active source a credential belongs to, if the secret matches and the source is of `kind`; undefined for any
 * failure (unknown id, wrong secret, disabled, other kind), so callers cannot tell them apart.
 */
export async function authenticateSource(
  db: Db,
  kind: 'api' | 'xapi',
  credentialId: string,
  secret: string,
): Promise<CompletionSource | undefined> {
  if (!/^cs_[A-Za-z0-9_-]{22}$/.test(credentialId) || secret.length === 0 || secret.length > 200) return undefined;
  const [source] = await db.select().from(completionSources).where(eq(completionSources.credentialId, credentialId));
  const expected = Buffer.from(source?.credentialHash ?? hashSecret('no source'));
  const actual = Buffer.from(hashSecret(secret));
  const match = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (!source || !match || source.status !== 'active' || source.kind !== kind) return undefined;
  return source;
}

export async function findSourceByName(db: Db, tenantId: string, name: string): Promise<CompletionSource | undefined> {
  const [source] = await db
    .select()
    .from(completionSources)
    .where(and(eq(completionSources.tenantId, tenantId), eq(completionSources.name, name)));
  return source;
}

export async function findSource(db: Db, tenantId: string, id: string): Promise<CompletionSource | undefined> {
  const [source] = await db
    .select()
    .from(completionSources)
    .where(and(eq(completionSources.tenantId, tenantId), eq(completionSources.id, id)));
  return source;
}

export async function listSources(db: Db, tenantId: string): Promise<Omit<CompletionSource, 'credentialHash'>[]> {
  const rows = await db.select().from(completionSources).where(eq(completionSources.tenantId, tenantId));
  return rows.map(({ credentialHash: _hash, ...rest }) => rest);
}

export async function rememberColumnMapping(
  db: Db,
  tenantId: string,
  sourceId: string,
  mapping: Record<string, unknown>,
): Promise<void> {
  await db
    .update(completionSources)
    .set({ columnMapping: mapping })
    .where(and(eq(completionSources.tenantId, tenantId), eq(completionSources.id, sourceId)));
}

/** The calendar offset a source's local times are in (Moodle exports: the downloader's zone; default UTC+8). */
export function sourceUtcOffset(source: Pick<CompletionSource, 'settings'>): string {
  const offset = (source.settings as { utcOffset?: unknown }).utcOffset;
  return typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '+08:00';
}
