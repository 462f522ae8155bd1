/**
 * Import jobs: a large completion file's import (or preview) runs in the background. The upload answers 202 with the
 * job; the client polls its status URL until it has succeeded (the report) or failed (a message, and the report
 * when the file itself was refused).
 */
import { z } from 'zod';
import { importReportReply } from './completions';

export const IMPORT_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** Why a job failed, in both languages: the reply carries the code and its words. */
export const IMPORT_JOB_ERRORS = {
  file_refused: {
    zh: '文件未能导入，请查看报告中列出的问题，修改后重新上传。',
    en: 'The file was not imported: see the problems the report lists, fix them and upload it again.',
  },
  import_failed: {
    zh: '导入未能完成，没有写入任何记录，请稍后重新上传文件。',
    en: 'The import could not be completed and nothing was written; upload the file again later.',
  },
  interrupted: {
    zh: '导入多次被中断，已停止，没有写入任何记录，请重新上传文件。',
    en: 'The import was interrupted repeatedly and has stopped; nothing was written. Upload the file again.',
  },
  file_missing: {
    zh: '上传的文件已不在存储中，请重新上传。',
    en: 'The uploaded file is no longer stored; upload it again.',
  },
  source_missing: {
    zh: '导入来源已不存在。',
    en: 'The import source no longer exists.',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
export type ImportJobErrorCode = keyof typeof IMPORT_JOB_ERRORS;
export const IMPORT_JOB_ERROR_CODES = Object.keys(IMPORT_JOB_ERRORS) as [ImportJobErrorCode, ...ImportJobErrorCode[]];

export const importJobParams = z.strictObject({ jobId: z.uuid() });

export const importJobReply = z.object({
  id: z.uuid(),
  sourceId: z.uuid(),
  status: z.enum(IMPORT_JOB_STATUSES),
  dryRun: z.boolean(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  /** Rows of the file read so far, of its data rows (null until the job has counted them). */
  progress: z.object({ rowsDone: z.number().int(), rowsTotal: z.number().int().nullable() }),
  /** The same report the synchronous import answers, once the job has one. */
  report: importReportReply.nullable(),
  error: z.object({ code: z.enum(IMPORT_JOB_ERROR_CODES), zh: z.string(), en: z.string() }).nullable(),
  /** Where to poll (this reply again). */
  statusUrl: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJobReply = z.infer<typeof importJobReply>;
