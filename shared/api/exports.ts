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

export const createExportBody = z.discriminatedUnion('kind', [progressReportBody, certificatesExportBody]);
export type ExportRequestBody = z.input<typeof createExportBody>;
export const exportKind = z.enum(['progress_report', 'certificates']);

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
});
export type ExportJob = z.infer<typeof exportJob>;

export const exportJobList = z.object({ items: z.array(exportJob) });
export type ExportJobList = z.infer<typeof exportJobList>;
