// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { AdminRoleGrants } from './AdminRoleGrants';

afterEach(cleanup);

const county = { id: '11111111-1111-4111-8111-111111111111', name: '示范县', kind: 'county' };
const school = { id: '22222222-2222-4222-8222-222222222222', name: '第一小学', kind: 'school' };
const replies = (extra: Record<string, unknown> = {}) => ({
  'GET /admin/role-grants': { items: [] },
  'GET /admin/contexts': { organisations: [county, school], contexts: [] },
  ...extra,
});

function fill(role: string, organisationName: string) {
  fireEvent.input(screen.getByLabelText('邮箱'), { target: { value: 'li@example.cn' } });
  fireEvent.change(screen.getByLabelText('角色'), { target: { value: role } });
  const select = screen.getByLabelText('机构') as HTMLSelectElement;
  const option = [...select.options].find((o) => o.text === organisationName);
  fireEvent.change(select, { target: { value: option?.value } });
}

describe('AdminRoleGrants', () => {
  it('offers only organisations of the chosen level and sends the grant', async () => {
    const api = fakeApi(replies({ 'POST /admin/role-grants': { id: 'g1', changed: true } }));
    renderScreen(<AdminRoleGrants />, api);
    await screen.findByText('尚未授予任何学校、区县或地市角色。');
    fireEvent.change(screen.getByLabelText('角色'), { target: { value: 'county_admin' } });
    const names = [...(screen.getByLabelText('机构') as HTMLSelectElement).options].map((o) => o.text);
    expect(names).toEqual(['请选择', '示范县']);
    fill('county_admin', '示范县');
    fireEvent.click(screen.getByRole('button', { name: '授权' }));
    await screen.findByText('已授权');
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      email: 'li@example.cn',
      role: 'county_admin',
      organisationId: county.id,
    });
  });

  it('asks for every field before sending anything', async () => {
    const api = fakeApi(replies());
    renderScreen(<AdminRoleGrants />, api);
    await screen.findByText('尚未授予任何学校、区县或地市角色。');
    fireEvent.click(screen.getByRole('button', { name: '授权' }));
    await screen.findByText('请填写邮箱并选择角色和对应层级的机构。');
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('shows the server’s refusal with the field it names, and clears it when the next grant succeeds', async () => {
    let refuse = true;
    const api = fakeApi(
      replies({
        'POST /admin/role-grants': () =>
          refuse
            ? new ApiError(422, 'validation_failed', '提交的内容有误', {
                issues: [{ path: 'email', message: { zh: '没有找到该邮箱的人员', en: 'No person with that e-mail' } }],
              })
            : { id: 'g1', changed: true },
      }),
    );
    renderScreen(<AdminRoleGrants />, api);
    await screen.findByText('尚未授予任何学校、区县或地市角色。');
    fill('school_team', '第一小学');
    fireEvent.click(screen.getByRole('button', { name: '授权' }));
    expect((await screen.findByRole('alert')).textContent).toContain('没有找到该邮箱的人员');
    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: '授权' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
