import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { extClips, libraryResources } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit, type AuditActor } from '../audit';
import { abilityOf, slotOf } from '../teacher-journey/editing';
import { saveItem, type ItemContent } from '../teacher-journey/evidence';
import type { ClipInput } from '../../../../shared/api/extension';
import { requireEnrolmentOfDevice } from './device-session';
import { resourceSummary } from './library';
import { normalizeUrl } from './normalize-url';
import type { DeviceRow } from './refresh';
import { sanitizeHtml } from './sanitize-html';
import { storeScreenshot } from './screenshot';
import { sha256 } from './secrets';
import type { BlobStore } from '../../storage';

/** A claim older than this was left by a crashed request; a retry may take it over. */
const STALE_CLAIM_MS = 60_000;

export interface ClipOutcome {
  status: 201 | 200;
  replayed: boolean;
  body: unknown;
}

/** Stable JSON (sorted keys), so the same clip sent twice hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Stores a clip exactly once per `Idempotency-Key`: the key is claimed first (a unique row), the work done, and the
 * response kept on the claim. A retry after success replays that response; the same key with another body is
 * refused; a failed attempt releases its claim so the retry can do the work.
 */
export async function storeClip(
  db: Db,
  storage: BlobStore,
  device: DeviceRow,
  input: { key: string; clip: ClipInput },
  actor: AuditActor,
  now = new Date(),
): Promise<ClipOutcome> {
  const requestHash = sha256(canonicalJson(input.clip));
  const claim = await claimKey(db, device, input.key, requestHash, input.clip.destination, now);
  if ('replay' in claim) return claim.replay;
  try {
    const body =
      input.clip.destination === 'library'
        ? await intoLibrary(db, storage, device, claim.id, input.clip, actor)
        : await intoEvidence(db, device, claim.id, input.clip, actor);
    return { status: 201, replayed: false, body };
  } catch (err) {
    await db.delete(extClips).where(and(eq(extClips.id, claim.id), isNull(extClips.completedAt)));
    throw err;
  }
}

/** Claims an idempotency key for one request (a unique row), or says how to answer a key already used. */
export async function claimKey(
  db: Db,
  device: DeviceRow,
  key: string,
  requestHash: string,
  destination: string,
  now: Date,
): Promise<{ id: string } | { replay: ClipOutcome }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [claimed] = await db
      .insert(extClips)
      .values({
        tenantId: device.tenantId,
        personId: device.personId,
        deviceId: device.id,
        idempotencyKey: key,
        requestHash,
        destination,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: extClips.id });
    if (claimed) return claimed;
    const [existing] = await db
      .select()
      .from(extClips)
      .where(
        and(
          eq(extClips.tenantId, device.tenantId),
          eq(extClips.personId, device.personId),
          eq(extClips.idempotencyKey, key),
        ),
      );
    if (!existing) continue;
    if (existing.requestHash !== requestHash) throw new DomainError('idempotency_key_reused');
    if (existing.completedAt) return { replay: { status: 200, replayed: true, body: existing.response } };
    if (existing.createdAt.getTime() > now.getTime() - STALE_CLAIM_MS) throw new DomainError('clip_in_progress');
    await db.delete(extClips).where(and(eq(extClips.id, existing.id), isNull(extClips.completedAt)));
  }
  throw new DomainError('clip_in_progress');
}

async function intoLibrary(
  db: Db,
  storage: BlobStore,
  device: DeviceRow,
  claimId: string,
  clip: ClipInput,
  actor: AuditActor,
) {
  const screenshot = clip.screenshot ? await storeScreenshot(storage, clip.screenshot) : undefined;
  return db.transaction(async (tx) => {
    const [resource] = await tx
      .insert(libraryResources)
      .values({
        tenantId: device.tenantId,
        personId: device.personId,
        kind: clip.kind,
        url: clip.url,
        normalizedUrl: normalizeUrl(clip.url),
        title: clip.title,
        site: clip.site ?? null,
        author: clip.author ?? null,
        published: clip.published ?? null,
        excerpt: clip.excerpt ?? (clip.selection ? clip.selection.slice(0, 500) : null),
        text: clip.selection ?? clip.text ?? null,
        html: clip.html ? sanitizeHtml(clip.html, clip.url) : null,
        imageUrl: clip.imageUrl ?? null,
        screenshotKey: screenshot?.key ?? null,
        screenshotMime: screenshot?.mime ?? null,
        video: clip.video ?? null,
        tags: [...new Set(clip.tags)],
        abilityCode: clip.abilityCode ?? null,
        note: clip.note ?? null,
        deviceId: device.id,
      })
      .returning();
    if (!resource) throw new Error('resource insert returned no row');
    await recordAudit(tx, {
      tenantId: device.tenantId,
      subjectPersonId: device.personId,
      ...actor,
      action: 'library_resource.clip',
      entityType: 'library_resource',
      entityId: resource.id,
      after: { id: resource.id, url: resource.url, title: resource.title, kind: resource.kind },
    });
    const body = { clip: { id: claimId, destination: 'library', resource: resourceSummary(resource) } };
    await tx
      .update(extClips)
      .set({ response: body, resourceId: resource.id, completedAt: new Date() })
      .where(eq(extClips.id, claimId));
    return body;
  });
}

/** Text for a text slot: the selection (or the page's readable text), then where it came from. */
function evidenceText(clip: ClipInput): string {
  const body = (clip.selection ?? clip.text ?? clip.excerpt ?? '').trim();
  const source = `来源 · Source: ${clip.title} ${clip.url}`;
  return body ? `${body}\n\n${source}` : source;
}

async function intoEvidence(db: Db, device: DeviceRow, claimId: string, clip: ClipInput, actor: AuditActor) {
  if (!clip.evidence) throw new DomainError('validation_failed', { field: 'evidence' });
  const enrolled = await requireEnrolmentOfDevice(db, device);
  const { abilityCode, slotId } = clip.evidence;
  const slot = slotOf(abilityOf(enrolled, abilityCode), slotId);
  if (slot.kind !== 'text' && slot.kind !== 'link')
    throw new DomainError('validation_failed', { field: 'slotId', expected: slot.kind });
  const content: ItemContent =
    slot.kind === 'text' ? { kind: 'text', text: evidenceText(clip) } : { kind: 'link', url: clip.url };
  const append = clip.evidence.append === true && slot.kind === 'text';
  const saved = await saveItem(db, enrolled, { abilityCode, slotId, content, append }, actor);
  const body = { clip: { id: claimId, destination: 'evidence', evidence: { abilityCode, slotId, ...saved } } };
  await db.update(extClips).set({ response: body, completedAt: new Date() }).where(eq(extClips.id, claimId));
  return body;
}
