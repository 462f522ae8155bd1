// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScopeReply, SummaryReply } from '../../../../../shared/api/schools';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { CountyOverview } from './CountyOverview';

afterEach(cleanup);
// The charts are drawn after a dynamic import; jsdom has no ResizeObserver, and the tables are what is checked here.
vi.stubGlobal(
  'ResizeObserver',
  class {
    observe() {}
    disconnect() {}
  },
);

const figures = (teachers: number) => ({
  teachers,
  states: { not_started: teachers, in_progress: 0, awaiting_review: 0, ready_to_certify: 0, certified: 0 },
  onlineHours: 0,
  practiceHours: 0,
  abilitiesChosen: 0,
  abilitiesSubmitted: 0,
  abilitiesGraded: 0,
  passed: 0,
  excellent: 0,
  passRate: 0,
  excellentRate: 0,
  lastActivityAt: null,
  artefactsApproved: 0,
});
const org = (id: string, name: string, kind: string) => ({ id, name, kind, code: null });
const reply = (
  at: ReturnType<typeof org>,
  path: ReturnType<typeof org>[],
  rows: ReturnType<typeof org>[],
): SummaryReply => ({
  organisation: at,
  path,
  total: { ...figures(rows.length * 10), schools: rows.length * 3 },
  rows: rows.map((r) => ({ ...r, ...figures(10), schools: 3 })),
  heatmap: [],
  progress: { deadline: '2027-06-30', teachers: rows.length * 10, points: [] },
});
const scope: ScopeReply = {
  level: 'tenant',
  roots: [{ id: 'p', name: '某省', kind: 'province' }],
  schools: 6,
  programme: { id: 'i', name: '能力提升工程2.0', deadline: '2027-06-30' },
};
const province = org('p', '某省', 'province');
const city = org('c1', '甲市', 'city');
const county = org('k1', '甲县', 'county');

function Drill(props: { openSchool: (id: string) => void }) {
  const [at, setAt] = useState<string | undefined>(undefined);
  return <CountyOverview scope={scope} at={at} setAt={setAt} openSchool={props.openSchool} />;
}

describe('CountyOverview', () => {
  it('drills province → city → county → school, one row per level, and back up by the breadcrumb', async () => {
    const api = fakeApi({
      'GET /schools/summary': reply(province, [], [city, org('c2', '乙市', 'city')]),
      'GET /schools/summary?organisationId=c1': reply(city, [province], [county]),
      'GET /schools/summary?organisationId=k1': reply(county, [province, city], [org('s1', '一中', 'school')]),
      'GET /schools/summary?organisationId=p': reply(province, [], [city, org('c2', '乙市', 'city')]),
      'GET /schools/artefacts/queue': { items: [] },
    });
    const opened: string[] = [];
    renderScreen(<Drill openSchool={(id) => opened.push(id)} />, api);
    await screen.findByRole('heading', { name: '全省汇总' });
    screen.getByRole('button', { name: '乙市' });
    fireEvent.click(screen.getByRole('button', { name: '甲市' }));
    await screen.findByRole('heading', { name: '全市汇总' });
    fireEvent.click(await screen.findByRole('button', { name: '甲县' }));
    await screen.findByRole('heading', { name: '区县总览' });
    fireEvent.click(await screen.findByRole('button', { name: '一中' }));
    expect(opened).toEqual(['s1']);
    fireEvent.click(screen.getByRole('button', { name: '某省' }));
    await screen.findByRole('heading', { name: '全省汇总' });
    const asked = api.calls.filter((c) => c.path.startsWith('/schools/summary')).map((c) => c.path);
    expect(asked).toEqual([
      '/schools/summary',
      '/schools/summary?organisationId=c1',
      '/schools/summary?organisationId=k1',
      '/schools/summary?organisationId=p',
    ]);
  });
});
