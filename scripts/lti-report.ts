// How `npm run lti -- org-import` prints an import report: the summary, then each row with an issue.
import type { OrgImportReply } from '../shared/api/organisations';

/** At most this many rows with issues are printed; the rest are counted. */
const MAX_PRINTED = 200;

export function describeOrgImport(report: OrgImportReply): string[] {
  const { create, update, unchanged, rowsWithIssues } = report.summary;
  const lines = [
    `${report.file.name} (${report.file.format}, ${report.file.rows} 行 / rows)`,
    `新建 / create ${create} · 更新 / update ${update} · 不变 / unchanged ${unchanged} · 有问题的行 / rows with issues ${rowsWithIssues}`,
    ...report.warnings.map((w) => `注意 / warning: ${w.zh} / ${w.en}`),
  ];
  const bad = report.rows.filter((r) => r.issues.length > 0);
  for (const row of bad.slice(0, MAX_PRINTED)) {
    for (const issue of row.issues)
      lines.push(`  第 ${row.row} 行 / row ${row.row} [${issue.field}]: ${issue.message.zh} / ${issue.message.en}`);
  }
  if (bad.length > MAX_PRINTED)
    lines.push(`  … 另有 ${bad.length - MAX_PRINTED} 行 / ${bad.length - MAX_PRINTED} more rows`);
  if (report.applied) lines.push('已导入 / imported');
  else if (report.dryRun) lines.push('仅预览，未写入；确认无误后加 --apply 导入 / preview only: add --apply to import');
  else lines.push('有问题的行，未导入任何内容；请修改后重试 / nothing imported: fix the rows above and try again');
  return lines;
}
