/** Export jobs: progress reports (完成情况表) produced in the background and downloaded when done. */
import { z } from 'zod';

const isoDate = z.iso.date();

/** 月报 / 周报 / 自定义区间: the dates the report's numbers are counted up to. */
export const reportPeriod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('monthly'), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
  z.strictObject({ kind: z.literal('weekly'), weekOf: isoDate }),
  z.strictObject({ kind: z.literal('range'), from: isoDate, to: isoDate }),
]);
export type ReportPeriod = z.infer<typeof reportPeriod>;

export const exportFormat = z.enum(['xlsx', 'csv']);
export const exportLanguage = z.enum(['zh', 'en']);

export const progressReportBody = z.strictObject({
  kind: z.literal('progress_report'),
  format: exportFormat.default('xlsx'),
  language: exportLanguage.default('zh'),
  period: reportPeriod,
});
export type CreateExportBody = z.input<typeof progressReportBody>;

/** A school's certificates (结业证书) as one PDF, a page per teacher who meets the programme. */
export const certificatesExportBody = z.strictObject({ kind: z.literal('certificates'), schoolId: z.uuid() });
export type CertificatesExportBody = z.input<typeof certificatesExportBody>;

/** A school's e-archive (电子档案): one zip with its records, grades, hours ledger and evidence files. */
export const eArchiveExportBody = z.strictObject({
  kind: z.literal('e_archive'),
  schoolId: z.uuid(),
  language: exportLanguage.default('zh'),
});
export type EArchiveExportBody = z.input<typeof eArchiveExportBody>;

export const createExportBody = z.discriminatedUnion('kind', [
  progressReportBody,
  certificatesExportBody,
  eArchiveExportBody,
]);
export type ExportRequestBody = z.input<typeof createExportBody>;
export const exportKind = z.enum(['progress_report', 'certificates', 'e_archive']);

export const exportJobStatus = z.enum(['queued', 'running', 'done', 'failed']);

export const exportJob = z.object({
  id: z.uuid(),
  kind: exportKind,
  status: exportJobStatus,
  params: createExportBody,
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  fileName: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  /** Set once done: the relative URL of the file. */
  downloadUrl: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  dataAsOf: z.string().nullable(),
  error: z.string().nullable(),
  /** Set when a schedule produced it: which schedule, for which period (e.g. `2026-11`). */
  scheduleId: z.uuid().nullable(),
  schedulePeriod: z.string().nullable(),
});
export type ExportJob = z.infer<typeof exportJob>;

export const exportJobList = z.object({
  items: z.array(exportJob),
  /** The schools in scope, for the per-school exports (e-archive). */
  schools: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type ExportJobList = z.infer<typeof exportJobList>;

/** 定时生成: "monthly, ready by the 3rd" or "weekly on Monday" (the report of the period just ended is due then). */
export const reportScheduleBody = z.discriminatedUnion('frequency', [
  z.strictObject({
    frequency: z.literal('monthly'),
    /** Day of the month the previous month's report is due (1–28, so every month has it). */
    dayOfMonth: z.number().int().min(1).max(28),
    format: exportFormat.default('xlsx'),
    language: exportLanguage.default('zh'),
  }),
  z.strictObject({
    frequency: z.literal('weekly'),
    /** ISO weekday the previous week's report is due: 1 Monday … 7 Sunday. */
    weekday: z.number().int().min(1).max(7),
    format: exportFormat.default('xlsx'),
    language: exportLanguage.default('zh'),
  }),
]);
export type ReportScheduleBody = z.input<typeof reportScheduleBody>;

/** One run of a schedule: the period, when it is produced and when it is due, and its file once there. */
export const scheduleRun = z.object({
  periodLabel: z.string(),
  period: reportPeriod,
  /** When the tool produces it (the moment the period has ended). */
  generateAt: z.string(),
  /** The date it is due (inclusive, UTC). */
  dueOn: z.string(),
  job: z.object({ id: z.uuid(), status: exportJobStatus, downloadUrl: z.string().nullable() }).nullable(),
});
export type ScheduleRun = z.infer<typeof scheduleRun>;

export const reportSchedule = z.object({
  id: z.uuid(),
  frequency: z.enum(['monthly', 'weekly']),
  dayOfMonth: z.number().int().nullable(),
  weekday: z.number().int().nullable(),
  format: exportFormat,
  language: exportLanguage,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** The next deadline not yet past (today's counts), with its file if produced. */
  next: scheduleRun,
});
export type ReportSchedule = z.infer<typeof reportSchedule>;

export const reportScheduleList = z.object({
  items: z.array(reportSchedule),
  /** The earliest of the schedules' next deadlines, for the county overview. */
  nextDeadline: scheduleRun.extend({ scheduleId: z.uuid() }).nullable(),
});
export type ReportScheduleList = z.infer<typeof reportScheduleList>;

export const exportListQuery = z.object({ scheduleId: z.uuid().optional() });
