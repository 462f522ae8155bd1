// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportReportReply } from '../../../../../shared/api/completions';
import type { ImportJobReply } from '../../../../../shared/api/import-jobs';
import { ApiError } from '../../api/client';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { AdminImport } from './AdminImport';

afterEach(cleanup);

const SOURCE = '6f1c1d7e-3b0a-4d8e-9b7e-1a2b3c4d5e6f';
const JOB = '0d9c6a4e-8a52-4a39-9d4e-2f1f2b0c9a11';
const source = {
  id: SOURCE,
  tenantId: '11111111-1111-4111-8111-111111111111',
  name: '报表导入',
  kind: 'file',
  programmeInstanceId: null,
  platformId: null,
  credentialId: null,
  columnMapping: {},
  settings: {},
  status: 'active',
  createdAt: '2026-12-06T01:00:00.000Z',
  updatedAt: '2026-12-06T01:00:00.000Z',
};
const report: ImportReportReply = {
  dryRun: true,
  importId: null,
  file: { name: '全县.csv', sha256: 'a'.repeat(64), format: 'csv', bytes: 2_000_000 },
  layout: 'moodle-course-completion',
  mapping: {},
  fileIssues: [],
  warnings: [],
  summary: {
    created: 0,
    would_create: 38,
    unchanged: 2,
    duplicate: 0,
    rejected: 0,
    not_credited: 0,
    hours: 76,
    rows: 40,
    items: 40,
    skipped: 0,
    courses_recorded: 0,
    courses_unchanged: 0,
    with_issues: 0,
    by_reason: {},
  },
  items: [{ row: 2, teacher: 't001@example.cn', course: 'A1 课程', status: 'would_create', hours: 2, issues: [] }],
  itemsPerKind: 100,
  itemsOmitted: 39,
  batchRows: 10_000,
};
const job = (over: Partial<ImportJobReply>): ImportJobReply => ({
  id: JOB,
  sourceId: SOURCE,
  status: 'queued',
  dryRun: true,
  fileName: '全县.csv',
  sizeBytes: 2_000_000,
  progress: { rowsDone: 0, rowsTotal: null },
  report: null,
  error: null,
  statusUrl: `/api/v1/completions/import-jobs/${JOB}`,
  createdAt: '2026-12-06T01:00:00.000Z',
  finishedAt: null,
  ...over,
});

async function choosePreview(replies: Array<ImportJobReply | ApiError>) {
  const polls = [...replies];
  const api = fakeApi({
    'GET /completions/sources': { sources: [source] },
    [`POST /completions/sources/${SOURCE}/imports?dryRun=true&fileName=%E5%85%A8%E5%8E%BF.csv`]: job({}),
    [`GET /completions/import-jobs/${JOB}`]: () => polls.shift(),
  });
  renderScreen(<AdminImport pollMs={5} />, api);
  const input = await screen.findByLabelText('报表文件（CSV、XLSX 或 ODS）');
  fireEvent.change(input, { target: { files: [new File(['x'], '全县.csv', { type: 'text/csv' })] } });
  fireEvent.click(screen.getByRole('button', { name: '预览' }));
  return api;
}

describe('AdminImport with a large file (a job)', () => {
  it('shows the job’s progress as an accessible bar until it ends, then the same report as a direct reply', async () => {
    await choosePreview([
      job({ status: 'running', progress: { rowsDone: 20, rowsTotal: 40 } }),
      job({ status: 'succeeded', progress: { rowsDone: 40, rowsTotal: 40 }, report }),
    ]);
    const bar = await screen.findByRole('progressbar', { name: '预览进度' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('20'));
    expect(bar.getAttribute('aria-valuemax')).toBe('40');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuetext')).toBe('正在预览：已处理 20 / 40 行。');
    await screen.findByText(/^预览 · 全县\.csv · 共 40 行：将计入 38 条（76 学时）/);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('t001@example.cn')).toBeTruthy();
    expect((screen.getByRole('button', { name: '确认导入' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps following the job through a poll a proxy timed out, saying it is retrying', async () => {
    await choosePreview([
      new ApiError(504, 'internal', 'Gateway Timeout'),
      job({ status: 'succeeded', progress: { rowsDone: 40, rowsTotal: 40 }, report }),
    ]);
    await screen.findByText('暂时无法获取进度，正在重试……');
    await screen.findByText(/^预览 · 全县\.csv · 共 40 行/);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says in Chinese why a job failed, with the file’s problems from its report', async () => {
    await choosePreview([
      job({
        status: 'failed',
        report: { ...report, fileIssues: ['无法读取文件 / unreadable file: not a zip archive'], items: [] },
        error: {
          code: 'file_refused',
          zh: '文件未能导入，请查看报告中列出的问题，修改后重新上传。',
          en: 'The file was not imported.',
        },
      }),
    ]);
    await screen.findByText('文件未能导入，请查看报告中列出的问题，修改后重新上传。');
    expect(screen.getByText('无法读取文件 / unreadable file: not a zip archive')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect((screen.getByRole('button', { name: '预览' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
