// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { AbilityCatalogueReply, CatalogueEntryView } from '../../../../../shared/api/ability-catalogue';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { AdminAbilityCatalogue } from './AdminAbilityCatalogue';

afterEach(cleanup);

const entry = (over: Partial<CatalogueEntryView>): CatalogueEntryView => ({
  code: 'A1',
  kind: 'ability',
  name: { zh: '技术支持的学情分析', en: 'Learner analysis' },
  shownName: { zh: '技术支持的学情分析', en: 'Learner analysis' },
  placeholderName: false,
  group: { zh: '多媒体教学环境 · 学情分析', en: 'Multimedia · Analysis' },
  status: 'confirmed',
  level: null,
  templateConfidence: null,
  notes: [],
  needsCheck: false,
  ...over,
});

const reply: AbilityCatalogueReply = {
  catalogues: [
    {
      id: 'national-2.0',
      name: { zh: '2.0 微能力点', en: '2.0 micro-abilities' },
      dataVersion: '1',
      programmes: [{ id: 'cn-national-2.0', name: { zh: '国家 2.0', en: 'National 2.0' } }],
      entries: [
        entry({}),
        entry({
          code: 'B1',
          name: { zh: '【名称待核实】B1（混合学习环境下的学情分析）', en: '[name unknown] B1 (analysis)' },
          shownName: { zh: '混合学习环境下的学情分析', en: 'Analysis' },
          placeholderName: true,
          status: 'name-unknown',
          templateConfidence: 'inference',
          notes: [
            { about: 'template', note: { zh: '推断模板：使用前按本省要求核实', en: 'Inferred template' } },
            {
              about: 'slot',
              slotName: { zh: '教学反思', en: 'reflection' },
              note: { zh: '字数下限未找到官方值', en: 'no official minimum' },
            },
          ],
          needsCheck: true,
        }),
      ],
      counts: { entries: 2, needsCheck: 1, placeholders: 1 },
    },
  ],
};

describe('AdminAbilityCatalogue', () => {
  it('shows what still needs checking, with its notes and the name teachers see; all entries on request', async () => {
    renderScreen(<AdminAbilityCatalogue />, fakeApi({ 'GET /admin/ability-catalogue': reply }));
    await screen.findByText('【名称待核实】B1（混合学习环境下的学情分析）');
    expect(screen.getByText('推断模板：使用前按本省要求核实')).toBeTruthy();
    expect(screen.getByText('字数下限未找到官方值').parentElement?.textContent).toContain('成果项「教学反思」');
    expect(screen.getByText('教师看到的名称：混合学习环境下的学情分析')).toBeTruthy();
    expect(screen.getByText(/共 2 条，待核实 1 条/)).toBeTruthy();
    expect(screen.queryByText('技术支持的学情分析')).toBeNull(); // confirmed, nothing to check: hidden by default
    fireEvent.click(screen.getByLabelText('只显示待核实的条目'));
    expect(await screen.findByText('技术支持的学情分析')).toBeTruthy();
  });
});
