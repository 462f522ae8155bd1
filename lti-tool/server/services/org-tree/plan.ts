import type { OrgImportRow } from '../../../../shared/api/organisations';
import type { OrganisationKind } from '../../../../shared/domain/ids';
import { headerOf, LEVELS, MAX_NAME_LENGTH, type Text } from './columns';
import type { ImportRow } from './read';
import type { OrgImportColumn } from '../../../../shared/api/organisations';

/** An organisation the tenant already has. */
export interface ExistingOrg {
  id: string;
  kind: OrganisationKind;
  code: string | null;
  name: string;
  parentId: string | null;
}

/** One organisation the file describes, keyed by kind and code (a code-less 教研组 by its school and name). */
export interface PlannedOrg {
  key: string;
  kind: OrganisationKind;
  code: string | null;
  name: string;
  /** The parent's key; undefined when no row names one (an existing organisation keeps its parent). */
  parentKey: string | undefined;
  existing: ExistingOrg | undefined;
  action: 'create' | 'update' | 'unchanged';
  firstRow: number;
}

export interface OrgPlan {
  nodes: PlannedOrg[];
  rows: OrgImportRow[];
}

type Issue = OrgImportRow['issues'][number];
const issue = (field: OrgImportColumn, zh: string, en: string): Issue => ({ field, message: { zh, en } });
const col = (key: OrgImportColumn) => headerOf(key);

/**
 * Turns rows into the organisations to create, update or leave alone, and a report per row. Nothing is written
 * here; a row with an issue contributes nothing, and the caller writes only when no row has an issue.
 */
export function planImport(rows: ImportRow[], index: Map<OrgImportColumn, number>, existing: ExistingOrg[]): OrgPlan {
  const byCode = new Map(existing.filter((o) => o.code).map((o) => [`${o.kind}:${o.code}`, o]));
  const byParentName = new Map(existing.filter((o) => !o.code).map((o) => [`${o.kind}|${o.parentId}|${o.name}`, o]));
  const planned = new Map<string, PlannedOrg>();
  const report: OrgImportRow[] = [];
  const cell = (r: ImportRow, key: OrgImportColumn) => {
    const i = index.get(key);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };

  for (const r of rows) {
    const issues: Issue[] = [];
    const path: Array<{ kind: OrganisationKind; code: string | null; name: string; label: Text }> = [];
    for (const level of LEVELS) {
      const code = cell(r, level.code);
      const name = cell(r, level.name);
      if (!code && !name) continue;
      const [c, n] = [col(level.code), col(level.name)];
      if (!name)
        issues.push(
          issue(level.name, `请填写${n.zh}（已填${c.zh} ${code}）`, `Fill in ${n.en} (${c.en} ${code} is given)`),
        );
      if (!code && level.kind !== 'group') {
        issues.push(issue(level.code, `请填写${c.zh}：${level.codeRule.zh}`, `Fill in ${c.en}: ${level.codeRule.en}`));
      }
      if (code && !level.codePattern.test(code)) {
        issues.push(
          issue(
            level.code,
            `${c.zh}“${code}”格式不对，应为${level.codeRule.zh}`,
            `${c.en} "${code}" should be ${level.codeRule.en}`,
          ),
        );
      }
      if (name.length > MAX_NAME_LENGTH) {
        issues.push(
          issue(
            level.name,
            `${n.zh}最多 ${MAX_NAME_LENGTH} 字（现为 ${name.length} 字）`,
            `${n.en} may have at most ${MAX_NAME_LENGTH} characters (has ${name.length})`,
          ),
        );
      }
      path.push({ kind: level.kind, code: code || null, name, label: level.label });
    }
    const deepest = path.at(-1);
    if (deepest && path.length === 1 && (deepest.kind === 'school' || deepest.kind === 'group')) {
      const above = deepest.kind === 'school' ? col('countyCode') : col('schoolCode');
      const known = deepest.code ? byCode.get(`${deepest.kind}:${deepest.code}`) : undefined;
      if (!known) {
        issues.push(
          issue(
            deepest.kind === 'school' ? 'countyCode' : 'schoolCode',
            `${deepest.label.zh}必须有上级：请在同一行填写${above.zh}`,
            `A ${deepest.label.en} needs a parent: fill in ${above.en} on the same row`,
          ),
        );
      }
    }
    if (issues.length > 0) {
      report.push({ row: r.row, nodes: [], issues });
      continue;
    }

    const fresh: PlannedOrg[] = [];
    let parentKey: string | undefined;
    for (const node of path) {
      const key = node.code ? `${node.kind}:${node.code}` : `${node.kind}@${parentKey}:${node.name}`;
      const earlier = planned.get(key);
      if (earlier) {
        const label = node.label;
        if (earlier.name !== node.name) {
          issues.push(
            issue(
              LEVELS.find((l) => l.kind === node.kind)!.name,
              `${label.zh}代码 ${node.code} 在第 ${earlier.firstRow} 行名为“${earlier.name}”，此处为“${node.name}”：同一代码只能有一个名称`,
              `${label.en} code ${node.code} is named "${earlier.name}" on row ${earlier.firstRow} but "${node.name}" here: one code, one name`,
            ),
          );
        } else if (parentKey !== undefined && earlier.parentKey !== undefined && earlier.parentKey !== parentKey) {
          issues.push(
            issue(
              LEVELS.find((l) => l.kind === node.kind)!.code,
              `${label.zh}“${node.name}”在第 ${earlier.firstRow} 行属于另一个上级：同一${label.zh}只能有一个上级`,
              `${label.en} "${node.name}" has another parent on row ${earlier.firstRow}: one parent per ${label.en}`,
            ),
          );
        } else if (earlier.parentKey === undefined && parentKey !== undefined) {
          earlier.parentKey = parentKey;
        }
      } else {
        fresh.push({
          key,
          kind: node.kind,
          code: node.code,
          name: node.name,
          parentKey,
          existing: undefined,
          action: 'create',
          firstRow: r.row,
        });
      }
      parentKey = key;
    }
    if (issues.length > 0) {
      report.push({ row: r.row, nodes: [], issues });
      continue;
    }
    for (const node of fresh) planned.set(node.key, node);
    report.push({
      row: r.row,
      nodes: fresh.map((n) => ({ kind: n.kind, code: n.code, name: n.name, action: n.action })),
      issues,
    });
  }

  // Match against the tenant's tree top down, so a parent's existing id is known before its children look.
  const nodes = [...planned.values()];
  const idOf = (key: string | undefined) => (key ? planned.get(key)?.existing?.id : undefined);
  for (const level of LEVELS) {
    for (const node of nodes.filter((n) => n.kind === level.kind)) {
      const parentId = idOf(node.parentKey);
      node.existing =
        (node.code ? byCode.get(node.key) : undefined) ??
        (node.parentKey === undefined || parentId
          ? byParentName.get(`${node.kind}|${parentId ?? null}|${node.name}`)
          : undefined);
      if (!node.existing) continue;
      const parentMoves = node.parentKey !== undefined && parentId !== node.existing.parentId;
      const changed = node.existing.name !== node.name || node.existing.code !== node.code || parentMoves;
      node.action = changed ? 'update' : 'unchanged';
    }
  }
  const actionOf = new Map(nodes.map((n) => [`${n.kind}|${n.code}|${n.name}|${n.firstRow}`, n.action]));
  for (const row of report) {
    for (const n of row.nodes) n.action = actionOf.get(`${n.kind}|${n.code}|${n.name}|${row.row}`) ?? n.action;
  }
  return { nodes, rows: report };
}
