// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeacherRosterReply } from '../../../../../shared/api/school-roster';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { profileStrings } from './profile-strings';
import { RosterImport } from './RosterImport';

afterEach(cleanup);

const SCHOOL = '33333333-3333-4333-8333-333333333333';
const report = (dryRun: boolean): TeacherRosterReply => ({
  dryRun,
  file: { name: '名单.csv', format: 'csv', rows: 2, sha256: 'x' },
  warnings: [{ zh: '列“备注”不是模板中的列，已忽略', en: 'Column ignored' }],
  summary: { created: 1, updated: 0, unchanged: 0, rejected: 1, groupsCreated: ['英语组'] },
  rows: [
    {
      row: 2,
      name: '周新',
      email: 'zhou@example.cn',
      staffNumber: '',
      subject: '英语',
      group: '英语组',
      outcome: 'created',
      reasons: [],
    },
    {
      row: 3,
      name: '',
      email: 'x@example.cn',
      staffNumber: '',
      subject: '',
      group: '',
      outcome: 'rejected',
      reasons: [{ zh: '“姓名”不能为空', en: '"Name" is required' }],
    },
  ],
});

describe('RosterImport', () => {
  it('previews a file with its row-by-row report, then imports it', async () => {
    const api = fakeApi({
      [`POST /schools/${SCHOOL}/teachers/imports?dryRun=true`]: report(true),
      [`POST /schools/${SCHOOL}/teachers/imports?dryRun=false`]: report(false),
    });
    let imported = 0;
    renderScreen(
      <RosterImport schoolId={SCHOOL} s={profileStrings('zh-CN')} onImported={() => (imported += 1)} />,
      api,
    );
    fireEvent.click(screen.getByText('导入教师名单'));
    expect(screen.getByRole('button', { name: '导入' })).toHaveProperty('disabled', true);
    const file = new File(['姓名,邮箱\n周新,zhou@example.cn'], '名单.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('选择名单文件'), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: '预览' }));
    await screen.findByText('预览：新增 1 人，更新 0 人，无变化 0 人，未导入 1 行。');
    screen.getByText('将新建教研组：英语组');
    screen.getByText('“姓名”不能为空');
    screen.getByText('列“备注”不是模板中的列，已忽略');
    fireEvent.click(screen.getByRole('button', { name: '导入' }));
    await screen.findByText('已导入：新增 1 人，更新 0 人，无变化 0 人，未导入 1 行。');
    expect(imported).toBe(1);
    expect(api.calls.map((c) => c.path)).toEqual([
      `/schools/${SCHOOL}/teachers/imports?dryRun=true`,
      `/schools/${SCHOOL}/teachers/imports?dryRun=false`,
    ]);
  });

  it('previews the LMS course roster with the same report, then syncs it', async () => {
    const lms = (body: unknown) => {
      const { file: _file, ...rest } = report((body as { dryRun: boolean }).dryRun);
      return { ...rest, course: { id: 'c', title: '实验中学 校本研修', members: 3, learners: 2, complete: true } };
    };
    const api = fakeApi({ [`POST /schools/${SCHOOL}/teachers/lms-sync`]: lms });
    let imported = 0;
    renderScreen(
      <RosterImport schoolId={SCHOOL} s={profileStrings('zh-CN')} onImported={() => (imported += 1)} />,
      api,
    );
    fireEvent.click(screen.getByText('导入教师名单'));
    expect(screen.getByRole('button', { name: '同步' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: '预览 LMS 名单' }));
    await screen.findByText('课程“实验中学 校本研修”：2 位学员');
    screen.getByText('预览：新增 1 人，更新 0 人，无变化 0 人，未导入 1 行。');
    fireEvent.click(screen.getByRole('button', { name: '同步' }));
    await screen.findByText('已导入：新增 1 人，更新 0 人，无变化 0 人，未导入 1 行。');
    expect(imported).toBe(1);
    expect(api.calls.map((c) => c.body)).toEqual([{ dryRun: true }, { dryRun: false }]);
  });

  it('refuses a file over 1 MB before sending it', async () => {
    const api = fakeApi({});
    renderScreen(<RosterImport schoolId={SCHOOL} s={profileStrings('zh-CN')} onImported={() => {}} />, api);
    fireEvent.click(screen.getByText('导入教师名单'));
    const big = new File([new Uint8Array(1024 * 1024 + 1)], '大.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('选择名单文件'), { target: { files: [big] } });
    await screen.findByText(/超过 1 MB 上限/);
    expect(screen.getByRole('button', { name: '预览' })).toHaveProperty('disabled', true);
    expect(api.calls).toEqual([]);
  });
});
