// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportJob, ExportJobList, ReportScheduleList } from '../../../../../shared/api/exports';
import type { AppConfig } from '../../../../../shared/schemas/app-config';
import { AppContext, contextFor } from '../context';
import { fakeApi } from '../../testing/render-screen';
import { ExportsPanel } from './ExportsPanel';
import { ReportDeadline } from './ReportDeadline';

afterEach(cleanup);

const SCHEDULE = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const job = (id: string, extra: Partial<ExportJob>): ExportJob => ({
  id,
  kind: 'progress_report',
  status: 'done',
  params: { kind: 'progress_report', format: 'xlsx', language: 'zh', period: { kind: 'monthly', month: '2026-11' } },
  progress: { done: 2047, total: 2047 },
  fileName: '完成情况表_示范县_2026-11.xlsx',
  sizeBytes: 120_000,
  downloadUrl: `/api/v1/exports/${id}/file`,
  requestedBy: null,
  createdAt: '2026-12-01T00:00:03Z',
  finishedAt: '2026-12-01T00:00:09Z',
  dataAsOf: '2026-11-30T15:59:59.999Z',
  error: null,
  scheduleId: null,
  schedulePeriod: null,
  ...extra,
});
const next = {
  periodLabel: '2026-12',
  period: { kind: 'monthly' as const, month: '2026-12' },
  generateAt: '2026-12-31T16:00:00.000Z',
  dueOn: '2027-01-03',
  job: null,
};
const schedules: ReportScheduleList = {
  items: [
    {
      id: SCHEDULE,
      frequency: 'monthly',
      dayOfMonth: 3,
      weekday: null,
      format: 'xlsx',
      language: 'zh',
      createdBy: '区县审核员',
      createdAt: '2026-10-20T02:00:00Z',
      next,
    },
  ],
  nextDeadline: { ...next, scheduleId: SCHEDULE },
};

function show(api: ReturnType<typeof fakeApi>, children: ComponentChildren) {
  const config = {
    apiBase: '/api/v1',
    sessionToken: 'x'.repeat(32),
    lang: 'zh-CN',
    placement: 'review-queue',
    roles: ['assessor'],
    oversight: null,
    user: { name: '区县' },
    context: {},
  } satisfies AppConfig;
  return render(<AppContext.Provider value={contextFor(api, 'zh-CN', config)}>{children}</AppContext.Provider>);
}

describe('scheduled reports on screen', () => {
  it("the county overview's line names the next scheduled report, its deadline and whether it is made", async () => {
    show(fakeApi({ 'GET /report-schedules': schedules }), <ReportDeadline />);
    const line = await screen.findByText('下一份定时报表（2026-12）截止日期：2027-01-03 · 尚未生成');
    expect(line.getAttribute('data-report-deadline')).toBe('2027-01-03');
  });

  it('says nothing in the overview when the county has no schedule', async () => {
    const api = fakeApi({ 'GET /report-schedules': { items: [], nextDeadline: null } });
    const { container } = show(api, <ReportDeadline />);
    await waitFor(() => expect(api.calls).toHaveLength(1));
    expect(container.textContent).toBe('');
  });

  it('lists every version a schedule produced, with its period and data moment, beside one made by hand', async () => {
    const list: ExportJobList = {
      items: [
        job('a1b2c3d4-0000-4000-8000-000000000002', { scheduleId: SCHEDULE, schedulePeriod: '2026-11' }),
        job('a1b2c3d4-0000-4000-8000-000000000001', {
          scheduleId: SCHEDULE,
          schedulePeriod: '2026-10',
          fileName: '完成情况表_示范县_2026-10.xlsx',
          dataAsOf: '2026-10-31T15:59:59.999Z',
        }),
        job('a1b2c3d4-0000-4000-8000-000000000003', { requestedBy: '王主任', createdAt: '2026-12-02T01:00:00Z' }),
      ],
      schools: [],
    };
    const api = fakeApi({
      'GET /exports': list,
      'GET /report-schedules': schedules,
      [`DELETE /report-schedules/${SCHEDULE}`]: undefined,
    });
    show(api, <ExportsPanel />);
    await screen.findByText('每月 3 日前生成上月报表');
    screen.getByText('下一期：2026-12，截止 2027-01-03 · 尚未生成');
    const versions = await screen.findAllByText(/定时生成 · 2026-1[01]/);
    expect(versions.map((v) => v.textContent?.match(/定时生成 · (\d{4}-\d{2})/)?.[1])).toEqual(['2026-11', '2026-10']);
    expect(versions[1]!.textContent).toContain('数据截至');
    screen.getByText(/生成人 王主任/);
    // Stopping the schedule asks first, and its versions stay listed.
    fireEvent.click(screen.getByRole('button', { name: '停止' }));
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: '确定停止' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(screen.getAllByText(/定时生成 · 2026-1[01]/)).toHaveLength(2);
  });
});
