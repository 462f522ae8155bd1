// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { Institutions } from './Institutions';

afterEach(cleanup);

const row = (name: string, kind: 'tenant' | 'provider') => ({
  name,
  kind,
  teachers: 10,
  complete: 4,
  completionRate: 40,
  abilitiesGraded: 20,
  abilitiesPassed: 15,
  passRate: 75,
  excellent: 1,
  excellentRate: 10,
});

describe('Institutions', () => {
  it('shows one institution as a table with its rates', async () => {
    renderScreen(
      <Institutions />,
      fakeApi({ 'GET /institutions/performance': { institutions: [row('示范培训机构', 'tenant')] } }),
    );
    await screen.findByText('40% (4/10)');
    screen.getByText('75% (15/20)');
    screen.getByText('（本机构）');
  });

  it('asks for the county filter, and has an empty state', async () => {
    const api = fakeApi({ 'GET /institutions/performance?organisationId=c1': { institutions: [] } });
    renderScreen(<Institutions organisationId="c1" />, api);
    await screen.findByText('您的范围内还没有参训教师。');
    expect(api.calls.map((c) => c.path)).toEqual(['/institutions/performance?organisationId=c1']);
  });
});
