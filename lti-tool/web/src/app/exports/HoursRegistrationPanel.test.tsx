// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { HoursRegistration, HoursRegistrationOverview } from '../../../../../shared/api/hours-registrations';
import type { AppConfig } from '../../../../../shared/schemas/app-config';
import { AppContext, contextFor } from '../context';
import { fakeApi } from '../../testing/render-screen';
import { HoursRegistrationPanel } from './HoursRegistrationPanel';

afterEach(cleanup);

const ID = '0b5e6a4e-4c1d-4c3a-9a7e-7d1f3c2b1a00';
const registration = (
  status: HoursRegistration['status'],
  extra: Partial<HoursRegistration> = {},
): HoursRegistration => ({
  id: ID,
  version: 1,
  correctsId: null,
  status,
  idHeader: '教师编号',
  idSource: 'email',
  shares: { '2025': 40, '2026': 60 },
  teachers: 12,
  totalHours: 600,
  preparedAt: '2026-12-01T00:00:00Z',
  submittedAt: null,
  auditedAt: null,
  returnReason: null,
  ...extra,
});
const overview = (items: HoursRegistration[]): HoursRegistrationOverview => ({
  allocation: { shares: { '2025': 40, '2026': 60 }, updatedAt: '2026-12-01T00:00:00Z' },
  years: [2025, 2026],
  items,
});

function show(roles: AppConfig['roles'], api: ReturnType<typeof fakeApi>) {
  const config = {
    apiBase: '/api/v1',
    sessionToken: 'x'.repeat(32),
    lang: 'zh-CN',
    placement: 'review-queue',
    roles,
    oversight: null,
    user: { name: '区县' },
    context: {},
  } satisfies AppConfig;
  return render(
    <AppContext.Provider value={contextFor(api, 'zh-CN', config)}>
      <HoursRegistrationPanel />
    </AppContext.Provider>,
  );
}

describe('HoursRegistrationPanel', () => {
  it('asks the county to confirm before locking, then locks', async () => {
    const api = fakeApi({
      'GET /hours-registrations': overview([registration('submitted')]),
      [`POST /hours-registrations/${ID}/lock`]: registration('locked'),
    });
    show(['assessor'], api);
    fireEvent.click(await screen.findByRole('button', { name: '锁定' }));
    expect(api.calls.some((c) => c.path.endsWith('/lock'))).toBe(false);
    screen.getByText('锁定后这份登记表不能再修改，只能另建更正版本。确定锁定吗？');
    fireEvent.click(screen.getByRole('button', { name: '确定锁定' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/lock'))).toBe(true));
  });

  it('returns with the reason the county wrote, and not without one', async () => {
    const api = fakeApi({
      'GET /hours-registrations': overview([registration('submitted')]),
      [`POST /hours-registrations/${ID}/return`]: registration('returned', { returnReason: '学时比例有误' }),
    });
    show(['assessor'], api);
    fireEvent.click(await screen.findByRole('button', { name: '退回' }));
    const send = screen.getByRole('button', { name: '确定退回' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('退回原因（必填，至少 2 个字）'), { target: { value: '学时比例有误' } });
    fireEvent.click(send);
    await waitFor(() =>
      expect(api.calls.find((c) => c.path.endsWith('/return'))?.body).toEqual({ reason: '学时比例有误' }),
    );
  });

  it('lets the institution submit a returned one (showing why), and prepare a correction after a lock', async () => {
    const api = fakeApi({
      'GET /hours-registrations': overview([
        registration('returned', { returnReason: '缺少一名教师' }),
        registration('locked', { id: '1b5e6a4e-4c1d-4c3a-9a7e-7d1f3c2b1a00' }),
      ]),
      [`POST /hours-registrations/${ID}/submit`]: registration('submitted'),
      'POST /hours-registrations': registration('prepared', { version: 2, correctsId: ID }),
    });
    show(['institution_admin'], api);
    await screen.findByText('退回原因：缺少一名教师');
    expect(screen.queryByRole('button', { name: '锁定' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '提交区县审核' }));
    await waitFor(() => expect(api.calls.some((c) => c.path.endsWith('/submit'))).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: '生成更正版本' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'POST' && c.path === '/hours-registrations')?.body).toEqual({
        idHeader: '教师编号',
        idSource: 'email',
      }),
    );
  });

  it('lets the county save a split only when it sums to 100', async () => {
    const api = fakeApi({
      'GET /hours-registrations': overview([]),
      'PUT /hours-registrations/allocation': { shares: { '2025': 30, '2026': 70 }, updatedAt: '2026-12-02T00:00:00Z' },
    });
    show(['assessor'], api);
    await screen.findByText('还没有学时登记表。');
    const save = screen.getByRole('button', { name: '保存比例' }) as HTMLButtonElement;
    fireEvent.input(screen.getByLabelText('2025 学年'), { target: { value: '30' } });
    expect(save.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('2026 学年'), { target: { value: '70' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({ shares: { '2025': 30, '2026': 70 } }),
    );
  });
});
