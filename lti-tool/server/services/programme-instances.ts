import { and, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type {
  ProgrammeInstancePatch,
  ProgrammeInstancesReply,
  ProgrammeInstanceView,
} from '../../../shared/api/programme-instances';
import {
  applyParameterOverrides,
  overridableParameters,
  type ParameterOverrides,
} from '../../../shared/programmes/overrides';
import { findProgramme, listProgrammes } from '../../../shared/programmes/registry';
import type { Db, DbTransaction } from '../db/client';
import { enrolments, organisations, programmeInstances } from '../db/schema';
import { recordAudit, type AuditActor } from './audit';
import { DomainError } from './errors';

const REGION_KINDS = ['province', 'city', 'county'] as const;

export interface ProgrammeInstanceInput {
  definitionId: string;
  regionOrganisationId: string;
  name: string;
  startYear: number;
  endYear: number;
  batchLabel: string | null;
  deadline: string | null;
  overrides: ParameterOverrides;
}

/** The tenant's instances, the definitions an instance may run, and the regions it may run over. */
export async function listProgrammeInstances(db: Db, tenantId: string): Promise<ProgrammeInstancesReply> {
  const rows = await db
    .select({ instance: programmeInstances, regionName: organisations.name })
    .from(programmeInstances)
    .innerJoin(organisations, eq(organisations.id, programmeInstances.regionOrganisationId))
    .where(eq(programmeInstances.tenantId, tenantId))
    .orderBy(programmeInstances.startYear, programmeInstances.name);
  const counts = await db
    .select({ id: enrolments.programmeInstanceId, n: count() })
    .from(enrolments)
    .where(eq(enrolments.tenantId, tenantId))
    .groupBy(enrolments.programmeInstanceId);
  const enrolled = new Map(counts.map((c) => [c.id, Number(c.n)]));
  const regions = await db
    .select({ id: organisations.id, kind: organisations.kind, name: organisations.name, code: organisations.code })
    .from(organisations)
    .where(and(eq(organisations.tenantId, tenantId), inArray(organisations.kind, [...REGION_KINDS])))
    .orderBy(sql`array_position(array['province','city','county']::text[], ${organisations.kind})`, organisations.code);
  return {
    instances: rows.map((r) => view(r.instance, r.regionName, enrolled.get(r.instance.id) ?? 0)),
    definitions: listProgrammes().map((summary) => {
      const programme = findProgramme(summary.id)!;
      return {
        id: summary.id,
        name: summary.name,
        edition: summary.edition,
        region: summary.region,
        dataVersion: summary.dataVersion,
        window: programme.period.window.value,
        deadline: programme.period.deadline.value,
        parameters: overridableParameters(programme),
      };
    }),
    regions,
  };
}

type InstanceRow = typeof programmeInstances.$inferSelect;

function view(row: InstanceRow, regionName: string, enrolmentCount: number): ProgrammeInstanceView {
  const programme = findProgramme(row.definitionId);
  const deadline = row.parameterOverrides['period.deadline'];
  return {
    id: row.id,
    definitionId: row.definitionId,
    definitionVersion: row.definitionVersion,
    definitionName: programme?.name ?? { zh: row.definitionId, en: row.definitionId },
    regionOrganisationId: row.regionOrganisationId,
    regionName,
    name: row.name,
    startYear: row.startYear,
    endYear: row.endYear,
    batchLabel: row.batchLabel,
    deadline: typeof deadline === 'string' ? deadline : (programme?.period.deadline.value ?? null),
    overrides: row.parameterOverrides,
    enrolments: enrolmentCount,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The overrides an instance stores: the admin's, plus its deadline and (when they differ from the definition's)
 * its school years, all in the engine's own parameter paths; each checked against the definition's schema.
 */
function effectiveOverrides(
  definitionId: string,
  input: Omit<ProgrammeInstanceInput, 'definitionId' | 'regionOrganisationId' | 'name' | 'batchLabel'>,
) {
  const programme = findProgramme(definitionId);
  if (!programme) throw new DomainError('programme_unknown', { field: 'definitionId' });
  const overrides: ParameterOverrides = { ...input.overrides };
  delete overrides['period.deadline'];
  delete overrides['period.window'];
  if (input.deadline) overrides['period.deadline'] = input.deadline;
  const window = programme.period.window.value;
  if (window.startYear !== input.startYear || window.endYear !== input.endYear) {
    overrides['period.window'] = { startYear: input.startYear, endYear: input.endYear };
  }
  const outcome = applyParameterOverrides(programme, overrides);
  if (!outcome.ok) {
    throw new DomainError('programme_overrides_invalid', {
      issues: outcome.issues.map((i) => ({ path: `overrides.${i.path}`, message: { zh: i.zh, en: i.en } })),
    });
  }
  return { programme, overrides };
}

async function checkRegion(tx: DbTransaction, tenantId: string, regionId: string): Promise<string> {
  const [region] = await tx
    .select({ name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.id, regionId),
        eq(organisations.tenantId, tenantId),
        inArray(organisations.kind, [...REGION_KINDS]),
      ),
    );
  if (!region) throw new DomainError('programme_region_invalid', { field: 'regionOrganisationId' });
  return region.name;
}

async function checkUnique(
  tx: DbTransaction,
  tenantId: string,
  row: Omit<
    InstanceRow,
    'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'parameterOverrides' | 'definitionVersion' | 'name' | 'endYear'
  >,
  exceptId?: string,
) {
  const [clash] = await tx
    .select({ id: programmeInstances.id })
    .from(programmeInstances)
    .where(
      and(
        eq(programmeInstances.tenantId, tenantId),
        eq(programmeInstances.definitionId, row.definitionId),
        eq(programmeInstances.regionOrganisationId, row.regionOrganisationId),
        eq(programmeInstances.startYear, row.startYear),
        row.batchLabel === null
          ? isNull(programmeInstances.batchLabel)
          : eq(programmeInstances.batchLabel, row.batchLabel),
        exceptId ? ne(programmeInstances.id, exceptId) : undefined,
      ),
    );
  if (clash) throw new DomainError('programme_instance_exists', { field: 'batchLabel', existingId: clash.id });
}

/** Creates an instance of a definition over a region of the tenant. Audited; a same-batch duplicate is refused. */
export async function createProgrammeInstance(
  db: Db,
  tenantId: string,
  input: ProgrammeInstanceInput,
  actor: AuditActor,
): Promise<ProgrammeInstanceView> {
  const { programme, overrides } = effectiveOverrides(input.definitionId, input);
  return db.transaction(async (tx) => {
    const regionName = await checkRegion(tx, tenantId, input.regionOrganisationId);
    await checkUnique(tx, tenantId, input);
    const [row] = await tx
      .insert(programmeInstances)
      .values({
        tenantId,
        definitionId: input.definitionId,
        definitionVersion: programme.dataVersion,
        regionOrganisationId: input.regionOrganisationId,
        name: input.name,
        startYear: input.startYear,
        endYear: input.endYear,
        batchLabel: input.batchLabel,
        parameterOverrides: overrides,
      })
      .returning();
    await recordAudit(tx, {
      ...actor,
      tenantId,
      action: 'programme_instance.create',
      entityType: 'programme_instance',
      entityId: row!.id,
      after: snapshot(row!),
    });
    return view(row!, regionName, 0);
  });
}

/** Changes an instance of the tenant (another tenant's is not found). Audited with before and after. */
export async function updateProgrammeInstance(
  db: Db,
  tenantId: string,
  id: string,
  patch: ProgrammeInstancePatch,
  actor: AuditActor,
): Promise<ProgrammeInstanceView> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(programmeInstances)
      .where(and(eq(programmeInstances.id, id), eq(programmeInstances.tenantId, tenantId)))
      .for('update');
    if (!current) throw new DomainError('not_found');
    const currentDeadline = current.parameterOverrides['period.deadline'];
    const next = {
      regionOrganisationId: patch.regionOrganisationId ?? current.regionOrganisationId,
      name: patch.name ?? current.name,
      startYear: patch.startYear ?? current.startYear,
      endYear: patch.endYear ?? current.endYear,
      batchLabel: patch.batchLabel === undefined ? current.batchLabel : patch.batchLabel,
      deadline:
        patch.deadline === undefined ? (typeof currentDeadline === 'string' ? currentDeadline : null) : patch.deadline,
      overrides: patch.overrides ?? current.parameterOverrides,
    };
    if (next.startYear > next.endYear) {
      throw new DomainError('validation_failed', {
        issues: [
          { path: 'endYear', message: { zh: '结束学年不能早于起始学年', en: 'endYear must not be before startYear' } },
        ],
      });
    }
    const { overrides } = effectiveOverrides(current.definitionId, next);
    const regionName = await checkRegion(tx, tenantId, next.regionOrganisationId);
    await checkUnique(tx, tenantId, { ...next, definitionId: current.definitionId }, id);
    const [row] = await tx
      .update(programmeInstances)
      .set({
        regionOrganisationId: next.regionOrganisationId,
        name: next.name,
        startYear: next.startYear,
        endYear: next.endYear,
        batchLabel: next.batchLabel,
        parameterOverrides: overrides,
        updatedAt: new Date(),
      })
      .where(eq(programmeInstances.id, id))
      .returning();
    await recordAudit(tx, {
      ...actor,
      tenantId,
      action: 'programme_instance.update',
      entityType: 'programme_instance',
      entityId: id,
      before: snapshot(current),
      after: snapshot(row!),
    });
    const [{ n }] = (await tx
      .select({ n: count() })
      .from(enrolments)
      .where(eq(enrolments.programmeInstanceId, id))) as [{ n: number }];
    return view(row!, regionName, Number(n));
  });
}

const snapshot = (r: InstanceRow) => ({
  definitionId: r.definitionId,
  definitionVersion: r.definitionVersion,
  regionOrganisationId: r.regionOrganisationId,
  name: r.name,
  startYear: r.startYear,
  endYear: r.endYear,
  batchLabel: r.batchLabel,
  parameterOverrides: r.parameterOverrides,
});
