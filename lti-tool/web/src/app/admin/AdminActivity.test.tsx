// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { AdminActivity } from './AdminActivity';
import { AdminPlatforms } from './AdminPlatforms';

afterEach(cleanup);

const delivery = {
  id: 'd1',
  platformId: 'p1',
  platformName: '示范区 Moodle',
  personId: null,
  status: 'pending',
  attempts: 3,
  lastStatus: null,
  errorCode: 'token_invalid_client',
  createdAt: '2026-12-06T01:00:00.000Z',
  deliveredAt: null,
  nextAttemptAt: '2026-12-06T01:04:00.000Z',
};
const run = {
  id: 'r1',
  kind: 'org_import',
  status: 'failed',
  target: '组织.csv',
  platformId: null,
  errorCode: 'rows_with_issues',
  rows: 12,
  counts: {},
  requestId: 'req-123456789',
  createdAt: '2026-12-06T01:00:00.000Z',
};

describe('AdminActivity', () => {
  it('lists deliveries and runs with status, attempts and error code, and filters to failures', async () => {
    const api = fakeApi({
      'GET /admin/activity': {
        deliveries: [{ ...delivery, status: 'delivered', errorCode: null, nextAttemptAt: null }],
        runs: [],
      },
      'GET /admin/activity?failures=1': { deliveries: [delivery], runs: [run] },
    });
    renderScreen(<AdminActivity />, api);
    await screen.findByText('已回传');
    expect(screen.getByText('暂无名单同步或导入记录。')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('只看失败'));
    await screen.findByText('重试中');
    expect(screen.getByText('token_invalid_client')).toBeTruthy();
    expect(screen.getByText('组织机构导入')).toBeTruthy();
    expect(screen.getByText('rows_with_issues')).toBeTruthy();
    expect(api.calls.map((c) => c.path)).toEqual(['/admin/activity', '/admin/activity?failures=1']);
  });

  it('says so when nothing failed', async () => {
    renderScreen(<AdminActivity />, fakeApi({ 'GET /admin/activity': { deliveries: [], runs: [] } }));
    await screen.findByText('暂无成绩回传记录。');
  });
});

describe('AdminPlatforms reachability', () => {
  const platform = {
    id: 'p1',
    name: '示范区 Moodle',
    issuer: 'https://moodle.example.cn',
    clientId: 'abc',
    status: 'active',
    deployments: [{ id: '1', status: 'active' }],
  };
  it('shows a deleted registration as 不可达 with the reason, and checks the connection on request', async () => {
    let checked = false;
    const unreachable = {
      state: 'unreachable',
      lastOkAt: '2026-12-06T00:00:00.000Z',
      lastFailedAt: '2026-12-06T01:00:00.000Z',
      failedEndpoint: 'token',
      reason: 'token_invalid_client',
    };
    const reachable = {
      state: 'reachable',
      lastOkAt: '2026-12-06T02:00:00.000Z',
      lastFailedAt: null,
      failedEndpoint: null,
      reason: null,
    };
    const api = fakeApi({
      'GET /admin/platforms': () => ({ platforms: [{ ...platform, reachability: checked ? reachable : unreachable }] }),
      'POST /admin/platforms/p1/check': () => {
        checked = true;
        return { id: 'p1', reachability: reachable };
      },
    });
    renderScreen(<AdminPlatforms />, api);
    await screen.findByText('token_invalid_client');
    expect(screen.getAllByText('不可达').length).toBeGreaterThan(0);
    expect(screen.queryByText('启用')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '检查连接' }));
    await waitFor(() => expect(screen.getByText('可达')).toBeTruthy());
    expect(screen.getByText('启用')).toBeTruthy();
  });

  it('adds a deployment as the add-deployment command does, and explains a bad id before sending it', async () => {
    const reachable = { state: 'reachable', lastOkAt: null, lastFailedAt: null, failedEndpoint: null, reason: null };
    const api = fakeApi({
      'GET /admin/platforms': { platforms: [{ ...platform, reachability: reachable }] },
      'POST /admin/platforms/p1/deployments': { platformId: 'p1', deploymentId: '7', status: 'active' },
    });
    renderScreen(<AdminPlatforms />, api);
    const input = await screen.findByLabelText('部署 ID（deployment_id）');
    const add = screen.getByRole('button', { name: '添加部署' }) as HTMLButtonElement;
    fireEvent.input(input, { target: { value: '部署一' } });
    expect(add.disabled).toBe(true);
    expect(screen.getByText('部署 ID 见 Moodle“工具详情”；最多 255 个英文字符（ASCII）。')).toBeTruthy();
    fireEvent.input(input, { target: { value: '7' } });
    fireEvent.click(add);
    await screen.findByText('已添加部署');
    expect(api.calls.find((c) => c.method === 'POST')).toEqual({
      method: 'POST',
      path: '/admin/platforms/p1/deployments',
      body: { deploymentId: '7' },
    });
  });
});
