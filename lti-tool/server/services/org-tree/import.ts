import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { OrgImportReply } from '../../../../shared/api/organisations';
import type { Db, DbTransaction } from '../../db/client';
import { organisations } from '../../db/schema';
import { recordAudit, recordAuditBatch, type AuditActor, type AuditEntry } from '../audit';
import { DomainError } from '../errors';
import { LEVELS, mapHeader } from './columns';
import { planImport, type ExistingOrg, type PlannedOrg } from './plan';
import { readImportFile } from './read';

export interface OrgImportInput {
  tenantId: string;
  bytes: Uint8Array;
  fileName: string;
  dryRun: boolean;
  actor: AuditActor;
}

/**
 * Imports the organisation tree from a CSV or XLSX file. A dry run (the preview) writes nothing; otherwise the
 * whole file is written in one transaction, and only when no row has an issue. Organisations are matched by
 * kind and code (a code-less 教研组 by school and name), so importing the same file again changes nothing.
 */
export async function importOrganisations(db: Db, input: OrgImportInput): Promise<OrgImportReply> {
  const sheet = await readImportFile(input.bytes, input.fileName);
  const { index, unknown } = mapHeader(sheet.header);
  if (!LEVELS.some((l) => index.has(l.code) || index.has(l.name))) {
    throw new DomainError('org_import_header', { field: 'header', found: sheet.header.slice(0, 20) });
  }
  const warnings = unknown.map((h) => ({
    zh: `列“${h}”不是模板中的列，已忽略`,
    en: `Column "${h}" is not a template column and was ignored`,
  }));
  const file = {
    name: input.fileName,
    format: sheet.format,
    rows: sheet.rows.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
  };

  return db.transaction(async (tx) => {
    const existing: ExistingOrg[] = await tx
      .select({
        id: organisations.id,
        kind: organisations.kind,
        code: organisations.code,
        name: organisations.name,
        parentId: organisations.parentId,
      })
      .from(organisations)
      .where(eq(organisations.tenantId, input.tenantId));
    const plan = planImport(sheet.rows, index, existing);
    const summary = {
      create: plan.nodes.filter((n) => n.action === 'create').length,
      update: plan.nodes.filter((n) => n.action === 'update').length,
      unchanged: plan.nodes.filter((n) => n.action === 'unchanged').length,
      rowsWithIssues: plan.rows.filter((r) => r.issues.length > 0).length,
    };
    const applied = !input.dryRun && summary.rowsWithIssues === 0;
    if (applied) await write(tx, input, plan.nodes, { file, summary });
    return { dryRun: input.dryRun, applied, file, warnings, summary, rows: plan.rows };
  });
}

async function write(
  tx: DbTransaction,
  input: OrgImportInput,
  nodes: PlannedOrg[],
  run: { file: OrgImportReply['file']; summary: OrgImportReply['summary'] },
) {
  const ids = new Map<string, string>(nodes.flatMap((n) => (n.existing ? [[n.key, n.existing.id]] : [])));
  const audit: AuditEntry[] = [];
  const base = { ...input.actor, tenantId: input.tenantId, entityType: 'organisation' };
  // Top down, so every parent has its id before its children are written.
  for (const level of LEVELS) {
    const ofLevel = nodes.filter((n) => n.kind === level.kind);
    const creates = ofLevel.filter((n) => n.action === 'create');
    for (let i = 0; i < creates.length; i += 500) {
      const chunk = creates.slice(i, i + 500);
      const inserted = await tx
        .insert(organisations)
        .values(
          chunk.map((n) => ({
            tenantId: input.tenantId,
            kind: n.kind,
            code: n.code,
            name: n.name,
            parentId: n.parentKey ? ids.get(n.parentKey)! : null,
          })),
        )
        .returning({ id: organisations.id });
      chunk.forEach((n, j) => {
        const id = inserted[j]!.id;
        ids.set(n.key, id);
        audit.push({ ...base, action: 'organisation.create', entityId: id, after: describe(n, ids) });
      });
    }
    for (const n of ofLevel.filter((o) => o.action === 'update')) {
      const before = n.existing!;
      const parentId = n.parentKey !== undefined ? ids.get(n.parentKey)! : before.parentId;
      await tx
        .update(organisations)
        .set({ name: n.name, code: n.code, parentId, updatedAt: new Date() })
        .where(eq(organisations.id, before.id));
      audit.push({
        ...base,
        action: 'organisation.update',
        entityId: before.id,
        before: { code: before.code, name: before.name, parentId: before.parentId },
        after: { code: n.code, name: n.name, parentId },
      });
    }
  }
  await recordAuditBatch(tx, audit);
  await recordAudit(tx, {
    ...input.actor,
    tenantId: input.tenantId,
    action: 'organisation_import.apply',
    entityType: 'organisation_import',
    entityId: run.file.sha256,
    after: { file: run.file, summary: run.summary },
  });
}

const describe = (n: PlannedOrg, ids: Map<string, string>) => ({
  kind: n.kind,
  code: n.code,
  name: n.name,
  parentId: n.parentKey ? (ids.get(n.parentKey) ?? null) : null,
});
