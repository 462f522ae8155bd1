import { eq } from 'drizzle-orm';
import { people } from '../../db/schema';
import { PassThrough } from 'node:stream';
import { addDays, chinaMidnight } from './china-time';
import { periodRange } from './period';
import { MAX_FILE_BYTES, type ProduceInput, type Produced } from './produce';
import { loadReportRows } from './report-data';
import { REPORT_TEXT } from './report-labels';
import { infoTable, summaryTable, teacherTable } from './report-table';
import { writeCsv, writeXlsx } from './report-writers';
import { schoolsOf } from './scope';

/** The progress report (完成情况表) of the organisation's schools, XLSX (summary + teachers) or CSV (teachers). */
export async function produceProgressReport(input: ProduceInput<'progress_report'>): Promise<Produced> {
  const { db, params, organisation } = input;
  const range = periodRange(params.period);
  const now = input.now;
  // Status as it stood at the period's end (its last day's last moment in China); a period still running: now.
  const end = new Date(chinaMidnight(addDays(range.to, 1)).getTime() - 1);
  const asOf = end < now ? end : undefined;
  const schools = await schoolsOf(db, { tenantId: input.tenantId, organisation });
  const rows = await loadReportRows(
    db,
    {
      tenantId: input.tenantId,
      programmeInstanceId: input.programmeInstanceId,
      schools,
      period: range,
      ...(asOf ? { asOf } : {}),
    },
    input.progress,
  );
  const [requester] = input.requestedBy
    ? await db.select({ name: people.displayName }).from(people).where(eq(people.id, input.requestedBy))
    : [];
  const t = REPORT_TEXT[params.language];
  const teachers = teacherTable(rows, params.language);
  const pipe = new PassThrough();
  const stored = input.storage.put(pipe, { maxBytes: MAX_FILE_BYTES });
  if (params.format === 'xlsx') {
    await writeXlsx(pipe, [
      { name: t.summarySheet, table: summaryTable(rows, params.language) },
      { name: t.teachersSheet, table: teachers },
      {
        name: t.infoSheet,
        table: infoTable(params.language, {
          organisation: organisation.name,
          period: range,
          asOf: asOf ?? now,
          by: input.requestedBy ? (requester?.name ?? '') : null,
        }),
      },
    ]);
  } else {
    await writeCsv(pipe, teachers);
  }
  const base = params.language === 'zh' ? '完成情况表' : 'progress-report';
  return {
    dataAsOf: asOf ?? now,
    object: await stored,
    fileName: `${base}_${organisation.name}_${range.label}.${params.format}`,
    contentType:
      params.format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
  };
}
