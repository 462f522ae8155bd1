import type { Readable } from 'node:stream';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  ARTEFACT_LIMITS,
  type ArtefactQueueReply,
  type OpenArtefactBody,
  type SchoolArtefact,
  type SchoolArtefactsReply,
} from '../../../../shared/api/school-artefacts';
import type { Db, DbTransaction } from '../../db/client';
import { organisations, people, schoolArtefacts, schoolArtefactVersions } from '../../db/schema';
import { extensionOf, FileTooLargeError, sniffUpload, type BlobStore } from '../../storage';
import { auditActor, type Actor } from '../actor';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import { schoolInScope, type OversightScope } from './scope';

type Artefact = typeof schoolArtefacts.$inferSelect;
type Version = typeof schoolArtefactVersions.$inferSelect;

/** Where a school's artefacts live: the tenant, the programme instance and the school. */
export interface SchoolKey {
  tenantId: string;
  programmeInstanceId: string;
  schoolId: string;
}

/** An artefact with every version and where its bytes are, for readers outside HTTP (the school e-archive). */
export interface ArtefactRecord extends Artefact {
  groupName: string | null;
  /** Newest first. */
  versions: (Version & { uploaderName: string | null })[];
}

/**
 * Every artefact of a school in a programme instance with all its versions and their blob keys. Not scoped: the
 * caller has settled who may read (the e-archive export, the scoped routes below).
 */
export async function listSchoolArtefacts(db: Db | DbTransaction, key: SchoolKey): Promise<ArtefactRecord[]> {
  const rows = await db
    .select({ artefact: schoolArtefacts, groupName: groupNameSql() })
    .from(schoolArtefacts)
    .where(
      and(
        eq(schoolArtefacts.tenantId, key.tenantId),
        eq(schoolArtefacts.programmeInstanceId, key.programmeInstanceId),
        eq(schoolArtefacts.schoolId, key.schoolId),
      ),
    )
    .orderBy(asc(schoolArtefacts.kind), asc(schoolArtefacts.createdAt));
  return withVersions(db, rows);
}

async function withVersions(
  db: Db | DbTransaction,
  rows: { artefact: Artefact; groupName: string | null }[],
): Promise<ArtefactRecord[]> {
  if (rows.length === 0) return [];
  const versions = await db
    .select({ version: schoolArtefactVersions, uploaderName: people.displayName })
    .from(schoolArtefactVersions)
    .leftJoin(people, eq(people.id, schoolArtefactVersions.uploadedBy))
    .where(
      inArray(
        schoolArtefactVersions.artefactId,
        rows.map((r) => r.artefact.id),
      ),
    )
    .orderBy(desc(schoolArtefactVersions.version));
  return rows.map((r) => ({
    ...r.artefact,
    groupName: r.groupName,
    versions: versions
      .filter((v) => v.version.artefactId === r.artefact.id)
      .map((v) => ({ ...v.version, uploaderName: v.uploaderName })),
  }));
}

/** The 教研组's name of a group plan (a scalar subquery: one row per artefact, no join fan-out). */
const groupNameSql = () =>
  sql<string | null>`(select g.name from ${organisations} g where g.id = ${schoolArtefacts.groupId})`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function present(a: ArtefactRecord): SchoolArtefact {
  return {
    id: a.id,
    schoolId: a.schoolId,
    kind: a.kind,
    groupId: a.groupId,
    groupName: a.groupName,
    theme: a.theme,
    status: a.status,
    submittedVersionId: a.submittedVersionId,
    submittedAt: iso(a.submittedAt),
    approvedVersionId: a.approvedVersionId,
    decidedAt: iso(a.decidedAt),
    returnReason: a.returnReason,
    versions: a.versions.map((v) => ({
      id: v.id,
      version: v.version,
      originalName: v.originalName,
      mime: v.mime,
      sizeBytes: v.sizeBytes,
      theme: v.theme,
      uploadedBy: v.uploaderName,
      uploadedAt: v.createdAt.toISOString(),
    })),
  };
}

const keyOf = (scope: OversightScope, schoolId: string): SchoolKey => ({
  tenantId: scope.tenantId,
  programmeInstanceId: scope.programmeInstanceId,
  schoolId,
});

/** The school team of this school uploads and submits; anyone else in scope only reads. */
function requireTeam(scope: OversightScope, schoolId: string) {
  schoolInScope(scope, schoolId);
  if (!scope.teamSchoolIds.has(schoolId)) throw new DomainError('school_team_required');
}

/** A county officer of the school's county decides; a city or institution admin only reads. */
function requireCounty(scope: OversightScope, schoolId: string) {
  schoolInScope(scope, schoolId);
  if (!scope.countySchoolIds.has(schoolId)) throw new DomainError('county_admin_required');
}

async function schoolOf(db: Db, scope: OversightScope, schoolId: string) {
  schoolInScope(scope, schoolId);
  const [school] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(eq(organisations.tenantId, scope.tenantId), eq(organisations.id, schoolId), eq(organisations.kind, 'school')),
    );
  if (!school) throw new DomainError('not_found');
  return school;
}

/** The school's artefacts for the screen: what the person may do, the school's 教研组 for group plans. */
export async function schoolArtefactsOf(
  db: Db,
  scope: OversightScope,
  schoolId: string,
): Promise<SchoolArtefactsReply> {
  const school = await schoolOf(db, scope, schoolId);
  const groups = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.tenantId, scope.tenantId),
        eq(organisations.parentId, schoolId),
        eq(organisations.kind, 'group'),
      ),
    )
    .orderBy(asc(organisations.name));
  return {
    school,
    can: { edit: scope.teamSchoolIds.has(schoolId), decide: scope.countySchoolIds.has(schoolId) },
    groups,
    items: (await listSchoolArtefacts(db, keyOf(scope, schoolId))).map(present),
  };
}

async function recordOf(db: Db | DbTransaction, scope: OversightScope, schoolId: string, artefactId: string) {
  const [row] = await db
    .select({ artefact: schoolArtefacts, groupName: groupNameSql() })
    .from(schoolArtefacts)
    .where(
      and(
        eq(schoolArtefacts.tenantId, scope.tenantId),
        eq(schoolArtefacts.programmeInstanceId, scope.programmeInstanceId),
        eq(schoolArtefacts.schoolId, schoolId),
        eq(schoolArtefacts.id, artefactId),
      ),
    );
  if (!row) throw new DomainError('not_found');
  const [record] = await withVersions(db, [row]);
  return record!;
}

export async function getArtefact(db: Db, scope: OversightScope, schoolId: string, artefactId: string) {
  schoolInScope(scope, schoolId);
  return present(await recordOf(db, scope, schoolId, artefactId));
}

/** Locks the artefact row for one workflow step (404 outside the school, programme and tenant). */
async function lockArtefact(tx: DbTransaction, scope: OversightScope, schoolId: string, artefactId: string) {
  const [row] = await tx
    .select()
    .from(schoolArtefacts)
    .where(
      and(
        eq(schoolArtefacts.tenantId, scope.tenantId),
        eq(schoolArtefacts.programmeInstanceId, scope.programmeInstanceId),
        eq(schoolArtefacts.schoolId, schoolId),
        eq(schoolArtefacts.id, artefactId),
      ),
    )
    .for('update');
  if (!row) throw new DomainError('not_found');
  return row;
}

function audit(tx: DbTransaction, actor: Actor, a: Artefact, action: string, after: object, before?: object) {
  return recordAudit(tx, {
    tenantId: a.tenantId,
    ...auditActor(actor),
    action,
    entityType: 'school_artefact',
    entityId: a.id,
    before,
    after: { schoolId: a.schoolId, kind: a.kind, groupId: a.groupId, status: a.status, ...after },
  });
}

/**
 * Opens the school's artefact of a kind (a group plan: of one 教研组), or finds the one there is: a retry creates
 * nothing twice. A research plan's theme is set or changed here, audited.
 */
export async function openArtefact(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  body: OpenArtefactBody,
) {
  requireTeam(scope, schoolId);
  const groupId = body.kind === 'group_plan' ? body.groupId : undefined;
  if ((body.kind === 'group_plan') !== (body.groupId !== undefined)) throw new DomainError('artefact_group_required');
  if (groupId) {
    const [group] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(
          eq(organisations.tenantId, scope.tenantId),
          eq(organisations.id, groupId),
          eq(organisations.parentId, schoolId),
          eq(organisations.kind, 'group'),
        ),
      );
    if (!group) throw new DomainError('artefact_group_required', { field: 'groupId' });
  }
  if (body.theme !== undefined && body.kind !== 'research_plan') {
    throw new DomainError('validation_failed', { field: 'theme', reason: 'only a research plan has a theme' });
  }
  const { id, changed } = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(schoolArtefacts)
      .values({
        tenantId: scope.tenantId,
        programmeInstanceId: scope.programmeInstanceId,
        schoolId,
        kind: body.kind,
        groupId: groupId ?? null,
        theme: body.theme ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (created) {
      await audit(tx, actor, created, 'school_artefact.open', { theme: created.theme });
      return { id: created.id, changed: true };
    }
    const [found] = await tx
      .select()
      .from(schoolArtefacts)
      .where(
        and(
          eq(schoolArtefacts.tenantId, scope.tenantId),
          eq(schoolArtefacts.programmeInstanceId, scope.programmeInstanceId),
          eq(schoolArtefacts.schoolId, schoolId),
          eq(schoolArtefacts.kind, body.kind),
          groupId ? eq(schoolArtefacts.groupId, groupId) : sql`${schoolArtefacts.groupId} is null`,
        ),
      )
      .for('update');
    if (!found) throw new Error('artefact neither inserted nor found');
    if (body.theme === undefined || body.theme === found.theme) return { id: found.id, changed: false };
    const [after] = (await tx
      .update(schoolArtefacts)
      .set({ theme: body.theme })
      .where(eq(schoolArtefacts.id, found.id))
      .returning()) as [Artefact];
    await audit(tx, actor, after, 'school_artefact.theme', { theme: after.theme }, { theme: found.theme });
    return { id: found.id, changed: true };
  });
  return { ...(await getArtefact(db, scope, schoolId, id)), changed };
}

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

/** The team submits the latest version to the county; the same submission again changes nothing. */
export async function submitArtefact(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  artefactId: string,
  versionId: string,
) {
  requireTeam(scope, schoolId);
  const changed = await db.transaction(async (tx) => {
    const a = await lockArtefact(tx, scope, schoolId, artefactId);
    if (a.status === 'submitted' && a.submittedVersionId === versionId) return false;
    const [latest] = await tx
      .select({ id: schoolArtefactVersions.id })
      .from(schoolArtefactVersions)
      .where(eq(schoolArtefactVersions.artefactId, a.id))
      .orderBy(desc(schoolArtefactVersions.version))
      .limit(1);
    if (!latest || latest.id !== versionId) throw new DomainError('artefact_stale_version', { field: 'versionId' });
    if (a.status === 'submitted' || (a.status === 'approved' && a.approvedVersionId === versionId)) {
      throw new DomainError('artefact_state', { status: a.status });
    }
    const [after] = (await tx
      .update(schoolArtefacts)
      .set({ status: 'submitted', submittedVersionId: versionId, submittedBy: actor.personId, submittedAt: new Date() })
      .where(eq(schoolArtefacts.id, a.id))
      .returning()) as [Artefact];
    await audit(tx, actor, after, 'school_artefact.submit', { versionId }, { status: a.status });
    return true;
  });
  return { ...(await getArtefact(db, scope, schoolId, artefactId)), changed };
}

/**
 * The county approves the submitted version or returns it with a reason. Another person than the submitter; a
 * retry of the same decision changes nothing. An approved research plan's theme becomes the school's 校本研修主题.
 */
export async function decideArtefact(
  db: Db,
  scope: OversightScope,
  actor: Actor,
  schoolId: string,
  artefactId: string,
  decision: { versionId: string } & ({ approve: true } | { approve: false; reason: string }),
) {
  requireCounty(scope, schoolId);
  const changed = await db.transaction(async (tx) => {
    const a = await lockArtefact(tx, scope, schoolId, artefactId);
    if (decision.approve && a.status === 'approved' && a.approvedVersionId === decision.versionId) return false;
    if (
      !decision.approve &&
      a.status === 'returned' &&
      a.submittedVersionId === decision.versionId &&
      a.returnReason === decision.reason
    ) {
      return false;
    }
    if (a.status !== 'submitted') throw new DomainError('artefact_state', { status: a.status });
    if (a.submittedVersionId !== decision.versionId) {
      throw new DomainError('artefact_stale_version', { field: 'versionId' });
    }
    if (a.submittedBy && a.submittedBy === actor.personId) throw new DomainError('artefact_same_person');
    const decided = { decidedBy: actor.personId, decidedAt: new Date() };
    const [after] = (await tx
      .update(schoolArtefacts)
      .set(
        decision.approve
          ? { ...decided, status: 'approved', approvedVersionId: decision.versionId, returnReason: null }
          : { ...decided, status: 'returned', returnReason: decision.reason },
      )
      .where(eq(schoolArtefacts.id, a.id))
      .returning()) as [Artefact];
    await audit(
      tx,
      actor,
      after,
      decision.approve ? 'school_artefact.approve' : 'school_artefact.return',
      { versionId: decision.versionId, reason: after.returnReason },
      { status: a.status },
    );
    if (decision.approve && a.kind === 'research_plan') await adoptTheme(tx, actor, a, decision.versionId);
    return true;
  });
  return { ...(await getArtefact(db, scope, schoolId, artefactId)), changed };
}

/** The approved 校本研修方案's theme is the school's research theme (the profile shows it). */
async function adoptTheme(tx: DbTransaction, actor: Actor, a: Artefact, versionId: string) {
  const [v] = await tx
    .select({ theme: schoolArtefactVersions.theme })
    .from(schoolArtefactVersions)
    .where(eq(schoolArtefactVersions.id, versionId));
  const [school] = await tx
    .select({ theme: organisations.researchTheme })
    .from(organisations)
    .where(eq(organisations.id, a.schoolId));
  if (!v?.theme || !school || school.theme === v.theme) return;
  await tx.update(organisations).set({ researchTheme: v.theme }).where(eq(organisations.id, a.schoolId));
  await recordAudit(tx, {
    tenantId: a.tenantId,
    ...auditActor(actor),
    action: 'organisation.research_theme',
    entityType: 'organisation',
    entityId: a.schoolId,
    before: { researchTheme: school.theme },
    after: { researchTheme: v.theme, fromArtefact: a.id, versionId },
  });
}

/** A version's file, for anyone who may read the school. */
export async function artefactFile(
  db: Db,
  scope: OversightScope,
  schoolId: string,
  artefactId: string,
  versionId: string,
) {
  schoolInScope(scope, schoolId);
  const record = await recordOf(db, scope, schoolId, artefactId);
  const v = record.versions.find((x) => x.id === versionId);
  if (!v) throw new DomainError('not_found');
  return { storageKey: v.storageKey, mime: v.mime, originalName: v.originalName };
}

/** Artefacts waiting for the county, oldest submission first, in the schools of the scope. */
export async function artefactQueue(db: Db, scope: OversightScope): Promise<ArtefactQueueReply> {
  const schoolIds = [...scope.schoolIds];
  if (schoolIds.length === 0) return { items: [] };
  const rows = await db
    .select({
      artefact: schoolArtefacts,
      groupName: groupNameSql(),
      schoolName: organisations.name,
    })
    .from(schoolArtefacts)
    .innerJoin(organisations, eq(organisations.id, schoolArtefacts.schoolId))
    .where(
      and(
        eq(schoolArtefacts.tenantId, scope.tenantId),
        eq(schoolArtefacts.programmeInstanceId, scope.programmeInstanceId),
        eq(schoolArtefacts.status, 'submitted'),
        inArray(schoolArtefacts.schoolId, schoolIds),
      ),
    )
    .orderBy(asc(schoolArtefacts.submittedAt));
  const records = await withVersions(db, rows);
  return {
    items: records.map((r, i) => ({
      ...present(r),
      schoolName: rows[i]!.schoolName,
      canDecide: scope.countySchoolIds.has(r.schoolId),
    })),
  };
}

/** Approved artefacts per school (an approved version exists), for the county overview. */
export async function approvedArtefactCounts(
  db: Db,
  key: Omit<SchoolKey, 'schoolId'>,
  schoolIds: string[],
): Promise<Map<string, number>> {
  if (schoolIds.length === 0) return new Map();
  const rows = await db
    .select({ schoolId: schoolArtefacts.schoolId, n: sql<number>`count(*)::int` })
    .from(schoolArtefacts)
    .where(
      and(
        eq(schoolArtefacts.tenantId, key.tenantId),
        eq(schoolArtefacts.programmeInstanceId, key.programmeInstanceId),
        inArray(schoolArtefacts.schoolId, schoolIds),
        sql`${schoolArtefacts.approvedVersionId} is not null`,
      ),
    )
    .groupBy(schoolArtefacts.schoolId);
  return new Map(rows.map((r) => [r.schoolId, Number(r.n)]));
}
