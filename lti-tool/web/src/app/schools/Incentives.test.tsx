// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncentiveItem, IncentivesReply } from '../../../../../shared/api/incentives';
import { ApiError } from '../../api/client';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { Incentives } from './Incentives';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const SCHOOL = '33333333-3333-4333-8333-333333333333';
const rules = {
  creditsOnHoursComplete: 50,
  gradeScores: { excellent: 100, pass: 80, fail: 0 },
  excellentLearnerScore: 100,
  modelSchoolAverageScore: 100,
  modelSchoolCoveragePercent: 100,
  excellentPrincipal: true,
};
const item = (subjectId: string, name: string, extra: Partial<IncentiveItem> = {}): IncentiveItem => ({
  kind: 'credits',
  subjectId,
  schoolId: SCHOOL,
  schoolName: '示范县第一小学',
  name,
  basis: { onlineHours: 20, practiceHours: 30, score: null },
  eligible: true,
  award: null,
  canDecide: true,
  ...extra,
});
const reply = (items: IncentiveItem[], over: Partial<IncentivesReply> = {}): IncentivesReply => ({
  rules,
  summary: [
    { kind: 'credits', enabled: true, candidates: items.length, confirmed: 0, withdrawn: 0 },
    { kind: 'excellent_learner', enabled: true, candidates: 0, confirmed: 0, withdrawn: 0 },
    { kind: 'model_school', enabled: true, candidates: 0, confirmed: 0, withdrawn: 0 },
    { kind: 'excellent_principal', enabled: false, candidates: 0, confirmed: 0, withdrawn: 0 },
  ],
  kind: 'credits',
  total: items.length,
  offset: 0,
  limit: 100,
  items,
  ...over,
});
const list = (kind: string) => `GET /incentives?kind=${kind}&offset=0&limit=100`;

describe('Incentives', () => {
  it('says so when the programme grants none', async () => {
    renderScreen(<Incentives />, fakeApi({ [list('credits')]: { ...reply([]), rules: null } }));
    await screen.findByText(/本项目没有设置区县奖励/);
  });

  it('lists the candidates with the rule and the engine figures, and confirms one or the whole page', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const api = fakeApi({
      [list('credits')]: reply([item(T1, '王伟'), item(T2, '李娜')]),
      'POST /incentives/confirm': (body: unknown) => ({
        kind: 'credits',
        results: (body as { subjectIds: string[] }).subjectIds.map((subjectId) => ({
          subjectId,
          outcome: 'confirmed',
        })),
        changed: (body as { subjectIds: string[] }).subjectIds.length,
      }),
    });
    renderScreen(<Incentives />, api);
    await screen.findByText('王伟');
    screen.getByText('完成规定学时的教师获得 50 个继续教育学分。');
    expect(screen.getAllByText('网络研修 20 学时，校本实践 30 学时')).toHaveLength(2);
    fireEvent.click(screen.getAllByRole('button', { name: '确认' })[0]!);
    await screen.findByText('已更新 1 项。');
    fireEvent.click(screen.getByRole('button', { name: '确认本页全部待确认（2）' }));
    await screen.findByText('已更新 2 项。');
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { kind: 'credits', subjectIds: [T1] },
      { kind: 'credits', subjectIds: [T1, T2] },
    ]);
  });

  it('asks for a reason and a confirmation before withdrawing, and sends nothing when cancelled', async () => {
    const ask = vi.spyOn(window, 'confirm').mockReturnValue(false);
    const confirmed = {
      status: 'confirmed' as const,
      credits: 50,
      decidedAt: '2026-12-01T02:00:00Z',
      decidedBy: '赵老师',
      withdrawReason: null,
    };
    const api = fakeApi({
      [list('credits')]: reply([item(T1, '王伟', { award: confirmed })]),
      'POST /incentives/withdraw': { kind: 'credits', results: [{ subjectId: T1, outcome: 'withdrawn' }], changed: 1 },
    });
    renderScreen(<Incentives />, api);
    await screen.findByText(/赵老师 · 2026-12-01/);
    fireEvent.click(screen.getByRole('button', { name: '撤销' }));
    fireEvent.click(screen.getByRole('button', { name: '确认撤销' }));
    await screen.findByText('请填写撤销理由，说明为何撤销这项奖励。');
    fireEvent.input(screen.getByLabelText('撤销理由（必填）'), { target: { value: '学时有误' } });
    fireEvent.click(screen.getByRole('button', { name: '确认撤销' }));
    expect(ask).toHaveBeenCalledWith('确认撤销“王伟”的“继续教育学分”？');
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
    ask.mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: '确认撤销' }));
    await screen.findByText('已更新 1 项。');
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      kind: 'credits',
      subjectIds: [T1],
      reason: '学时有误',
    });
  });

  it('shows the empty state per kind, the read-only note, and the server refusal', async () => {
    const api = fakeApi({
      [list('credits')]: reply([item(T1, '王伟', { canDecide: false, eligible: true })]),
      [list('model_school')]: reply([], { kind: 'model_school' }),
    });
    renderScreen(<Incentives />, api);
    await screen.findByText('只有学校所属区县的管理员可以确认或撤销。');
    expect(screen.queryByRole('button', { name: '确认' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /示范校/ }));
    await screen.findByText('目前没有符合条件的教师或学校。');
    const refusing = fakeApi({
      [list('credits')]: reply([item(T1, '王伟')]),
      'POST /incentives/confirm': new ApiError(409, 'incentive_not_eligible', '该教师目前不符合这项奖励的条件'),
    });
    cleanup();
    renderScreen(<Incentives />, refusing);
    fireEvent.click(await screen.findByRole('button', { name: '确认' }));
    await waitFor(() => screen.getByText('该教师目前不符合这项奖励的条件'));
  });

  it('speaks English', async () => {
    renderScreen(<Incentives />, fakeApi({ [list('credits')]: reply([]) }), 'en');
    await screen.findByText('No teacher or school meets the rule yet.');
  });
});
