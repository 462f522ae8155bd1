// `npm run import -- <file> --source <name> [--tenant <slug>] [--mapping <json or file>] [--effective-date YYYY-MM-DD] [--approve-below-pass] [--dry-run] [--json]`
// Imports a course-completion export (Moodle CSV/XLSX/ODS, or the generic layout of docs/completions.md) through a
// file source, and prints the preview / validation report. Exit: 0 done, 1 some rows rejected, 2 bad arguments or
// a file that cannot be imported at all.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../lti-tool/server/db/client';
import { createLogger, type Logger } from '../lti-tool/server/logger';
import { recordImportRun } from '../lti-tool/server/services/completions/feeds/import-run';
import type { CompletionSource } from '../lti-tool/server/services/completions/sources';
import { migrate } from '../lti-tool/server/db/migrate';
import { completionSources, tenants } from '../lti-tool/server/db/schema';
import { fileMappingSchema } from '../lti-tool/server/services/completions/files/layouts';
import { importCompletionFile, type ImportReport } from '../lti-tool/server/services/completions/feeds/import-file';
import { MAX_SHEET_ROWS, UnreadableFileError } from '../lti-tool/server/services/completions/files/spreadsheet';
import { fileSource } from '../lti-tool/server/services/completions/files/byte-source';

/**
 * Bytes one file may have on the command line (HTTP uploads: 10 MB). A file at the row limit (MAX_SHEET_ROWS) is
 * 13–25 MB in the layouts seen, so a larger one is refused before reading. The file is read from disk by range as
 * the import goes (never whole into memory), through the same readers as an upload.
 */
export const CLI_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The byte limit in words, Chinese first: the limit, the file's size, that nothing was imported, and the fix. */
export function tooLargeMessage(bytes: number): string {
  const limit = mb(CLI_IMPORT_MAX_BYTES);
  return (
    `文件过大：命令行导入每个文件最多 ${limit} MB，本文件 ${mb(bytes)} MB，未导入任何数据；` +
    `请把文件拆分为每个不超过 ${MAX_SHEET_ROWS} 行数据的几个文件（保留表头）后分别导入 / ` +
    `file too large: the command-line import takes at most ${limit} MB per file, this file is ${mb(bytes)} MB; ` +
    `nothing was imported — split it into files of at most ${MAX_SHEET_ROWS} data rows (each with the header row) ` +
    `and import each`
  );
}

export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const s = report.summary;
  lines.push(
    `${report.dryRun ? '预览（未写入）/ Preview (nothing written)' : '已导入 / Imported'}: ${report.file.name} ` +
      `(${report.file.format}, ${report.layout ?? 'unknown layout'}, sha256 ${report.file.sha256.slice(0, 12)}…)`,
  );
  for (const issue of report.fileIssues) lines.push(`  ✗ ${issue}`);
  for (const warning of report.warnings) lines.push(`  ! ${warning}`);
  lines.push(
    `  行 rows ${s.rows} · 条目 items ${s.items} · ${report.dryRun ? `将新增 would create ${s.would_create}` : `新增 created ${s.created}`}` +
      ` · 未变 unchanged ${s.unchanged} · 重复 duplicate ${s.duplicate} · 拒绝 rejected ${s.rejected}` +
      ` · 按规则不计入 not credited ${s.not_credited} · 跳过 skipped ${s.skipped}` +
      ` · 学时 hours ${s.hours}`,
  );
  const problems = report.items.filter(
    (i) => i.status === 'rejected' || i.status === 'duplicate' || i.status === 'not_credited',
  );
  if (problems.length) lines.push('  Row  Teacher / Course → problem');
  for (const item of problems.slice(0, 200)) {
    for (const issue of item.issues) {
      const detail = issue.detail ? ` (${issue.detail})` : '';
      lines.push(
        `  ${String(item.row).padStart(4)}  ${item.teacher} / ${item.course} → ${issue.code}: ${issue.zh} / ${issue.en}${detail}`,
      );
    }
  }
  if (problems.length > 200) lines.push(`  … ${problems.length - 200} more (use --json)`);
  const reasons = Object.entries(s.by_reason);
  if (reasons.length) lines.push(`  按原因 by reason: ${reasons.map(([code, n]) => `${code} ${n}`).join(' · ')}`);
  if (report.itemsOmitted > 0) {
    lines.push(
      `  每类结果列出前 ${report.itemsPerKind} 行，另有 ${report.itemsOmitted} 行只计数未列出 / ` +
        `the first ${report.itemsPerKind} rows of each kind are listed; ${report.itemsOmitted} more are counted, not listed`,
    );
  }
  lines.push(`  列映射 mapping (remembered on the source): ${JSON.stringify(report.mapping)}`);
  return lines.join('\n');
}

/** A command-line import is logged and listed as an API upload is (`via: 'cli'` in the log line). */
export function recordCliImport(
  db: Db,
  input: { source: CompletionSource; report: ImportReport; requestId: string; log: Logger },
): Promise<void> {
  return recordImportRun(db, { ...input, via: 'cli' });
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        tenant: { type: 'string' },
        mapping: { type: 'string' },
        'effective-date': { type: 'string' },
        'approve-below-pass': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const { values, positionals } = parsed;
  const [file] = positionals;
  if (!file || !values.source) {
    console.error(
      'usage: npm run import -- <file> --source <name> [--tenant <slug>] [--mapping <json|file>] [--effective-date YYYY-MM-DD] [--approve-below-pass] [--dry-run] [--json]',
    );
    return 2;
  }
  if (!existsSync(file)) {
    console.error(`文件不存在 / no such file: ${file}`);
    return 2;
  }
  const bytes = statSync(file).size;
  if (bytes > CLI_IMPORT_MAX_BYTES) {
    console.error(tooLargeMessage(bytes));
    return 2;
  }
  let mapping: unknown;
  if (values.mapping) {
    try {
      const text = existsSync(values.mapping) ? readFileSync(values.mapping, 'utf8') : values.mapping;
      mapping = fileMappingSchema.partial().parse(JSON.parse(text));
    } catch (err) {
      console.error(`列映射无效 / invalid --mapping: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
  }
  if (values['effective-date']) {
    // Files without completion times (grade exports) are dated by it; without it their rows wait.
    const effectiveDate = values['effective-date'];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate)) {
      console.error(`生效日期格式应为 YYYY-MM-DD / --effective-date must be YYYY-MM-DD: ${effectiveDate}`);
      return 2;
    }
    mapping = { ...(mapping as object | undefined), effectiveDate };
  }
  // The admin reviewed this file's below-pass rows: credited where the programme says "credit after review".
  if (values['approve-below-pass']) mapping = { ...(mapping as object | undefined), approveBelowPass: true };
  if (existsSync('.env')) process.loadEnvFile('.env');
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: resolve(process.env.DATA_DIR || './data'),
  });
  let opened: ReturnType<typeof fileSource> | undefined;
  try {
    await migrate(database.db); // as the tool does at start-up: a fresh data folder works
    const rows = await database.db
      .select({ source: completionSources, slug: tenants.slug })
      .from(completionSources)
      .innerJoin(tenants, eq(tenants.id, completionSources.tenantId))
      .where(
        and(
          eq(completionSources.name, values.source),
          eq(completionSources.kind, 'file'),
          values.tenant ? eq(tenants.slug, values.tenant) : undefined,
        ),
      );
    if (rows.length !== 1) {
      console.error(
        rows.length === 0
          ? `找不到文件数据来源 / no file source named "${values.source}"${values.tenant ? ` in tenant ${values.tenant}` : ''}`
          : `多个机构有同名数据来源，请加 --tenant / several tenants have a source "${values.source}": add --tenant (${rows.map((r) => r.slug).join(', ')})`,
      );
      return 2;
    }
    const { source } = rows[0]!;
    const requestId = `cli-${randomUUID()}`;
    let report: ImportReport;
    try {
      report = await importCompletionFile(database.db, {
        tenantId: source.tenantId,
        source,
        bytes: (opened = fileSource(file)),
        fileName: basename(file),
        mapping: mapping as Parameters<typeof importCompletionFile>[1]['mapping'],
        dryRun: values['dry-run'] ?? false,
        recorder: { system: 'cli:import' },
        actor: { actorLabel: `cli:import (${process.env.USER ?? 'operator'})`, client: 'cli', requestId },
      });
    } catch (err) {
      // The file changed on disk part-way (it is read more than once): nothing was written.
      if (!(err instanceof UnreadableFileError)) throw err;
      console.error(`无法读取文件，未导入任何数据 / unreadable file, nothing imported: ${err.message}`);
      return 2;
    }
    // The log goes to stderr: stdout carries the report (JSON with --json).
    const log = createLogger('info', (line) => process.stderr.write(line)).child({ requestId });
    await recordCliImport(database.db, { source, report, requestId, log });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    if (report.fileIssues.length) return 2;
    return report.summary.rejected > 0 ? 1 : 0;
  } finally {
    opened?.close();
    await database.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
