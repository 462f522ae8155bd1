import type { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { ACTIVITY_LIMITS, type ActivityFileKind } from '../../../../shared/api/school-activities';
import type { Db, DbTransaction } from '../../db/client';
import { schoolActivityFiles } from '../../db/schema';
import { extensionOf, FileTooLargeError, sniffUpload, type BlobStore } from '../../storage';
import type { Actor } from '../actor';
import { DomainError } from '../errors';
import { audit, getActivity, lockActivity, requireTeam } from './activities';
import { schoolInScope, type OversightScope } from './scope';

// The minutes and photos of a school-based activity: stored content-addressed, counted and sniffed per kind.
export interface ActivityFileUpload {
  schoolId: string;
  activityId: string;
  kind: ActivityFileKind;
  filename: string;
  body: Readable;
  declaredBytes: number | undefined;
}

/** Minutes or a photo: checked before reading, streamed under the kind's cap, sniffed; the same bytes again is one file. */
export async function uploadActivityFile(
  db: Db,
  storage: BlobStore,
  scope: OversightScope,
  actor: Actor,
  input: ActivityFileUpload,
) {
  requireTeam(scope, input.schoolId);
  const limits = ACTIVITY_LIMITS.files[input.kind];
  await getActivity(db, scope, input.schoolId, input.activityId);
  const count = async (q: Db | DbTransaction) =>
    Number(
      (
        await q
          .select({ n: sql<number>`count(*)::int` })
          .from(schoolActivityFiles)
          .where(and(eq(schoolActivityFiles.activityId, input.activityId), eq(schoolActivityFiles.kind, input.kind)))
      )[0]?.n ?? 0,
    );
  const tooMany = () =>
    new DomainError('validation_failed', {
      field: input.kind,
      maxFiles: limits.maxFiles,
      issues: [
        {
          path: input.kind,
          message: {
            zh: `每次活动最多 ${limits.maxFiles} 个${input.kind === 'photo' ? '照片' : '纪要文件'}：请先删除不需要的文件。`,
            en: `At most ${limits.maxFiles} ${input.kind === 'photo' ? 'photos' : 'minutes files'} per activity: remove one first.`,
          },
        },
      ],
    });
  if ((await count(db)) >= limits.maxFiles) throw tooMany();
  const extension = extensionOf(input.filename);
  const allowed: readonly string[] = limits.extensions;
  if (!allowed.includes(extension)) {
    throw new DomainError('file_type_not_allowed', { reason: 'extension-not-allowed', extension, allowed });
  }
  if (input.declaredBytes !== undefined && input.declaredBytes > limits.maxBytes) {
    throw new FileTooLargeError(limits.maxBytes);
  }
  const stored = await storage.put(input.body, { maxBytes: limits.maxBytes });
  const sniffed = sniffUpload(input.filename, stored.head);
  if (!sniffed.ok) throw new DomainError('file_type_not_allowed', { reason: sniffed.reason, extension, allowed });
  const changed = await db.transaction(async (tx) => {
    const activity = await lockActivity(tx, scope, input.schoolId, input.activityId);
    const [file] = await tx
      .insert(schoolActivityFiles)
      .values({
        tenantId: scope.tenantId,
        activityId: activity.id,
        kind: input.kind,
        storageKey: stored.key,
        sha256: stored.sha256,
        sizeBytes: stored.sizeBytes,
        mime: sniffed.mime,
        originalName: input.filename,
        uploadedBy: actor.personId,
      })
      .onConflictDoNothing()
      .returning();
    if (!file) return false;
    if ((await count(tx)) > limits.maxFiles) throw tooMany();
    await audit(tx, actor, activity, 'school_activity.file_add', {
      fileId: file.id,
      kind: file.kind,
      name: file.originalName,
      sha256: file.sha256,
    });
    return true;
  });
  return { ...(await getActivity(db, scope, input.schoolId, input.activityId)), changed };
}

/** Removes a file from the activity (the bytes stay in the content-addressed store); removing it twice is a no-op. */
export async function removeActivityFile(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  activityId: string,
  fileId: string,
) {
  requireTeam(scope, schoolId);
  const changed = await db.transaction(async (tx) => {
    const activity = await lockActivity(tx, scope, schoolId, activityId);
    const [gone] = await tx
      .delete(schoolActivityFiles)
      .where(and(eq(schoolActivityFiles.activityId, activityId), eq(schoolActivityFiles.id, fileId)))
      .returning();
    if (!gone) return false;
    await audit(
      tx,
      actor,
      activity,
      'school_activity.file_remove',
      { fileId },
      { kind: gone.kind, name: gone.originalName, sha256: gone.sha256 },
    );
    return true;
  });
  return { ...(await getActivity(db, scope, schoolId, activityId)), changed };
}

export async function activityFileOf(
  db: Db,
  scope: OversightScope,
  schoolId: string,
  activityId: string,
  fileId: string,
) {
  schoolInScope(scope, schoolId);
  await getActivity(db, scope, schoolId, activityId);
  const [file] = await db
    .select()
    .from(schoolActivityFiles)
    .where(and(eq(schoolActivityFiles.activityId, activityId), eq(schoolActivityFiles.id, fileId)));
  if (!file) throw new DomainError('not_found');
  return file;
}
