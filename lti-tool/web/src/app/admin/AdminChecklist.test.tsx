// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChecklistReply } from '../../../../../shared/api/setup-checklist';
import { ApiError } from '../../api/client';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { AdminChecklist } from './AdminChecklist';

afterEach(cleanup);

const countsOf = (id: string, done: boolean): Record<string, number> =>
  id === 'import_tree' ? { schools: done ? 40 : 0 } : {};

const reply = (done: Partial<Record<ChecklistReply['steps'][number]['id'], boolean>>): ChecklistReply => ({
  complete: Object.values(done).filter(Boolean).length === 5,
  steps: (['register_lms', 'import_tree', 'create_programme', 'map_courses', 'invite_assessors'] as const).map(
    (id) => ({ id, done: done[id] ?? false, counts: countsOf(id, done[id] ?? false) }),
  ),
});

describe('AdminChecklist', () => {
  it('shows each step done or not, in Chinese, with the figures that decide it, linked to where it is done', async () => {
    const api = fakeApi({ 'GET /admin/checklist': reply({ register_lms: true, import_tree: true }) });
    renderScreen(<AdminChecklist />, api);
    const items = await screen.findAllByRole('listitem');
    expect(items.map((li) => li.className)).toEqual(['done', 'done', 'todo', 'todo', 'todo']);
    expect(items[1]!.textContent).toContain('导入组织机构');
    expect(items[1]!.textContent).toContain('已完成 · 学校 40 所');
    expect(items[2]!.textContent).toContain('未完成');
    expect(screen.getByRole('link', { name: '开设培训项目' }).getAttribute('href')).toBe('#admin-programmes');
    expect(screen.queryByText('全部完成，可以正式使用。')).toBeNull();
  });

  it('says when everything is done, and in English when the launch is English', async () => {
    const all = {
      register_lms: true,
      import_tree: true,
      create_programme: true,
      map_courses: true,
      invite_assessors: true,
    };
    renderScreen(<AdminChecklist />, fakeApi({ 'GET /admin/checklist': reply(all) }), 'en');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(5));
    expect(screen.getByRole('heading').textContent).not.toMatch(/[\u4e00-\u9fff]/);
    expect(document.querySelector('.notice')).not.toBeNull();
  });

  it('shows the server’s message and a retry when the checklist cannot be read', async () => {
    const api = fakeApi({
      'GET /admin/checklist': new ApiError(503, 'database_unavailable', '数据库暂时不可用，请稍后重试。'),
    });
    renderScreen(<AdminChecklist />, api);
    expect((await screen.findByRole('alert')).textContent).toContain('数据库暂时不可用');
    expect(screen.getByRole('button')).toBeDefined();
  });
});
