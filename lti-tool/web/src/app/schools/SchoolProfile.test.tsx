// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SchoolProfile as Profile } from '../../../../../shared/api/school-profile';
import { ApiError } from '../../api/client';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { SchoolProfile } from './SchoolProfile';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const SCHOOL = '33333333-3333-4333-8333-333333333333';
const G1 = '44444444-4444-4444-8444-444444444444';
const profile = (over: Partial<Profile> = {}): Profile => ({
  school: { id: SCHOOL, name: '示范县第一小学', code: 'DEMO-S1' },
  can: { edit: true, manageTeam: false },
  environment: { value: 'multimedia', diagnosedOn: '2026-09-15', basis: '县环境调研' },
  abilityShortlist: ['A1', 'A5'],
  abilityOptions: [
    { code: 'A1', name: { zh: '技术支持的学情分析', en: 'Learner analysis' }, environment: 'A' },
    { code: 'A5', name: { zh: '技术支持的课堂讲授', en: 'Lecturing' }, environment: 'A' },
  ],
  researchTheme: null,
  team: [{ personId: 'p1', name: '孙校长', email: 'sun@example.cn', principal: true }],
  groups: [{ id: G1, name: '语文组', code: null, members: 1 }],
  teachers: [
    { enrolmentId: 'e1', name: '王老师', subject: '语文', groupId: G1 },
    { enrolmentId: 'e2', name: '李老师', subject: '数学', groupId: null },
  ],
  updatedAt: '2026-12-06T10:00:00.000Z',
  ...over,
});
const path = `/schools/${SCHOOL}/profile`;

describe('SchoolProfile', () => {
  it('shows the profile in Chinese: environment with its diagnosis, shortlist, principal, groups', async () => {
    renderScreen(<SchoolProfile schoolId={SCHOOL} />, fakeApi({ [`GET ${path}`]: profile() }));
    await screen.findByText('多媒体教学环境', { selector: 'strong' });
    screen.getByText('2026-09-15 诊断，依据：县环境调研');
    screen.getByText('A1、A5');
    screen.getByText('校长');
    screen.getByText('1 名成员');
    // A team member who is not the principal edits the profile but not the team.
    expect(screen.queryByRole('button', { name: '加入' })).toBeNull();
    screen.getByText('团队成员由校长调整；首次标记校长请联系机构管理员。');
  });

  it('saves the environment with its date and basis, and shows what the server says was wrong', async () => {
    const api = fakeApi({
      [`GET ${path}`]: profile(),
      [`PATCH ${path}`]: (body: unknown) =>
        (body as { environment: { diagnosedOn: string } }).environment.diagnosedOn > '2026-12-31'
          ? new ApiError(422, 'school_environment_date', '诊断日期不能晚于今天')
          : {
              ...profile({ environment: { ...(body as { environment: Profile['environment'] }).environment } }),
              changed: true,
            },
    });
    renderScreen(<SchoolProfile schoolId={SCHOOL} />, api);
    await screen.findByText('修改教学环境');
    fireEvent.change(screen.getByLabelText('教学环境'), { target: { value: 'blended' } });
    fireEvent.input(screen.getByLabelText('诊断日期'), { target: { value: '2999-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: '保存教学环境' }));
    await screen.findByText('诊断日期不能晚于今天');
    fireEvent.input(screen.getByLabelText('诊断日期'), { target: { value: '2026-10-01' } });
    fireEvent.click(screen.getByRole('button', { name: '保存教学环境' }));
    await screen.findByText('混合式教学环境', { selector: 'strong' });
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({
      environment: { value: 'blended', diagnosedOn: '2026-10-01', basis: '县环境调研' },
    });
  });

  it('the principal adds a member by e-mail and sets a group’s whole member list', async () => {
    const api = fakeApi({
      [`GET ${path}`]: profile({ can: { edit: true, manageTeam: true } }),
      [`POST /schools/${SCHOOL}/team`]: { ...profile({ can: { edit: true, manageTeam: true } }), changed: true },
      [`PUT /schools/${SCHOOL}/groups/${G1}/members`]: { ...profile(), changed: false },
    });
    renderScreen(<SchoolProfile schoolId={SCHOOL} />, api);
    fireEvent.input(await screen.findByLabelText('加入团队（填写邮箱）'), { target: { value: 'li@example.cn' } });
    fireEvent.click(screen.getByRole('button', { name: '加入' }));
    await screen.findByText('已保存。');
    const group = screen.getByText('语文组').closest('details')!;
    fireEvent.click(within(group).getByLabelText(/李老师/));
    fireEvent.click(within(group).getByRole('button', { name: '保存成员名单' }));
    await within(group).findByText('没有变化。');
    expect(api.calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.body])).toEqual([
      ['POST', { email: 'li@example.cn' }],
      ['PUT', { enrolmentIds: ['e1', 'e2'] }],
    ]);
  });

  it('a county officer reads it, with no form to change anything', async () => {
    renderScreen(
      <SchoolProfile schoolId={SCHOOL} />,
      fakeApi({ [`GET ${path}`]: profile({ can: { edit: false, manageTeam: false } }) }),
    );
    await screen.findByText('学校概况由本校信息化管理团队（校长牵头）维护；您可以查看。');
    expect(screen.queryByText('修改教学环境')).toBeNull();
    expect(screen.queryByRole('button', { name: '新建' })).toBeNull();
    expect(screen.queryByRole('button', { name: '保存成员名单' })).toBeNull();
  });
});
