import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  type OpenArtefactBody,
  type SchoolArtefact,
  type SchoolArtefactsReply,
} from '../../../../shared/api/school-artefacts';
import type { Db, DbTransaction } from '../../db/client';
import { organisations, people, schoolArtefacts, schoolArtefactVersions } from '../../db/schema';
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

export async function withVersions(
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
export const groupNameSql = () =>
  sql<string | null>`(select g.name from ${organisations} g where g.id = ${schoolArtefacts.groupId})`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function present(a: ArtefactRecord): SchoolArtefact {
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
export function requireTeam(scope: OversightScope, schoolId: string) {
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

export async function recordOf(db: Db | DbTransaction, scope: OversightScope, schoolId: string, artefactId: string) {
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
export async function lockArtefact(tx: DbTransaction, scope: OversightScope, schoolId: string, artefactId: string) {
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

export function audit(tx: DbTransaction, actor: Actor, a: Artefact, action: string, after: object, before?: object) {
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
