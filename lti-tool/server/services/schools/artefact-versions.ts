import type { Readable } from 'node:stream';
import { desc, eq, sql } from 'drizzle-orm';
import { ARTEFACT_LIMITS } from '../../../../shared/api/school-artefacts';
import type { Db, DbTransaction } from '../../db/client';
import { schoolArtefacts, schoolArtefactVersions } from '../../db/schema';
import { extensionOf, FileTooLargeError, sniffUpload, type BlobStore } from '../../storage';
import type { Actor } from '../actor';
import { DomainError } from '../errors';
import { audit, getArtefact, lockArtefact, recordOf, requireTeam } from './artefacts';
import type { OversightScope } from './scope';

// Uploading a new version of a school artefact: the checks before, during and after the streamed upload.

type Artefact = typeof schoolArtefacts.$inferSelect;
type Version = typeof schoolArtefactVersions.$inferSelect;

export interface ArtefactUpload {
  schoolId: string;
  artefactId: string;
  filename: string;
  body: Readable;
  /** Content-Length when the client sent one: a body declared too large is refused before it is read. */
  declaredBytes: number | undefined;
}

/** A new version may be uploaded unless one waits for the county, and while fewer than the limit exist. */
function assertUploadable(a: Artefact, versions: number) {
  if (a.status === 'submitted') throw new DomainError('artefact_state', { status: a.status });
  if (versions >= ARTEFACT_LIMITS.maxVersions) {
    throw new DomainError('artefact_too_many_versions', { maxVersions: ARTEFACT_LIMITS.maxVersions });
  }
}

const versionCount = async (db: Db | DbTransaction, artefactId: string) =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(schoolArtefactVersions)
        .where(eq(schoolArtefactVersions.artefactId, artefactId))
    )[0]?.n ?? 0,
  );

/**
 * A new version: checked (role, state, type, declared size) before the body is read, streamed into the blob store
 * under the size cap, sniffed against its name, then recorded. The same bytes as the latest version again (a
 * retried upload) make no new version.
 */
export async function uploadArtefactVersion(
  db: Db,
  storage: BlobStore,
  scope: OversightScope,
  actor: Actor,
  input: ArtefactUpload,
) {
  requireTeam(scope, input.schoolId);
  const current = await recordOf(db, scope, input.schoolId, input.artefactId);
  assertUploadable(current, current.versions.length);
  const extension = extensionOf(input.filename);
  const allowed: readonly string[] = ARTEFACT_LIMITS.extensions;
  if (!allowed.includes(extension)) {
    throw new DomainError('file_type_not_allowed', { reason: 'extension-not-allowed', extension, allowed });
  }
  const maxBytes = ARTEFACT_LIMITS.maxBytes;
  if (input.declaredBytes !== undefined && input.declaredBytes > maxBytes) throw new FileTooLargeError(maxBytes);
  const stored = await storage.put(input.body, { maxBytes });
  const sniffed = sniffUpload(input.filename, stored.head);
  if (!sniffed.ok) throw new DomainError('file_type_not_allowed', { reason: sniffed.reason, extension, allowed });

  const changed = await db.transaction(async (tx) => {
    const a = await lockArtefact(tx, scope, input.schoolId, input.artefactId);
    const [latest] = await tx
      .select()
      .from(schoolArtefactVersions)
      .where(eq(schoolArtefactVersions.artefactId, a.id))
      .orderBy(desc(schoolArtefactVersions.version))
      .limit(1);
    if (latest && latest.sha256 === stored.sha256 && latest.originalName === input.filename) return false;
    assertUploadable(a, await versionCount(tx, a.id));
    const [v] = (await tx
      .insert(schoolArtefactVersions)
      .values({
        tenantId: a.tenantId,
        artefactId: a.id,
        version: (latest?.version ?? 0) + 1,
        storageKey: stored.key,
        sha256: stored.sha256,
        sizeBytes: stored.sizeBytes,
        mime: sniffed.mime,
        originalName: input.filename,
        theme: a.theme,
        uploadedBy: actor.personId,
      })
      .returning()) as [Version];
    const [after] = (await tx
      .update(schoolArtefacts)
      .set({ status: 'draft' })
      .where(eq(schoolArtefacts.id, a.id))
      .returning()) as [Artefact];
    await audit(
      tx,
      actor,
      after,
      'school_artefact.upload',
      { versionId: v.id, version: v.version, sha256: v.sha256, sizeBytes: v.sizeBytes, name: v.originalName },
      { status: a.status },
    );
    return true;
  });
  return { ...(await getArtefact(db, scope, input.schoolId, input.artefactId)), changed };
}
