import { useMemo } from 'preact/hooks';
import type { InstitutionsReply } from '../../../../../shared/api/institutions';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp, type Lang } from '../context';
import { useResource } from '../use-resource';
import { Chart, type ChartOption } from './Chart';

const zh = {
  heading: '承训机构成效',
  intro: '按承训机构统计其参训教师的完成率与合格率（课程映射中登记了承训机构的课程归该机构，其余归本机构）。',
  institution: '承训机构',
  own: '（本机构）',
  teachers: '参训教师',
  completion: '完成率',
  pass: '合格率（已评定成果）',
  excellent: '优秀率',
  empty: '您的范围内还没有参训教师。',
  chart: '各承训机构的完成率与合格率',
};
const en: typeof zh = {
  heading: 'Training institutions',
  intro:
    "Each training institution's teachers: completion and pass rates (a course whose mapping names a provider counts for it; the rest for this institution).",
  institution: 'Institution',
  own: ' (this institution)',
  teachers: 'Teachers',
  completion: 'Completion',
  pass: 'Pass rate (graded results)',
  excellent: '优秀 rate',
  empty: 'No teachers in your scope yet.',
  chart: 'Completion and pass rates per institution',
};
const words = (lang: Lang) => (lang === 'en' ? en : zh);

function option(data: InstitutionsReply, s: typeof zh): ChartOption {
  const names = data.institutions.map((i) => (i.name.length > 8 ? `${i.name.slice(0, 8)}…` : i.name));
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      valueFormatter: (v: number) => `${v}%`,
    },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 4, right: 12, top: 32, bottom: 4, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: names },
    series: [
      { name: s.completion, type: 'bar', data: data.institutions.map((i) => i.completionRate) },
      { name: s.pass, type: 'bar', data: data.institutions.map((i) => i.passRate) },
    ],
  };
}

/** Per training institution, its teachers' completion and pass rates (from the engine's status rows). */
export function Institutions({ organisationId }: { organisationId?: string }) {
  const { api, lang } = useApp();
  const s = words(lang);
  const data = useResource(
    () =>
      api.get<InstitutionsReply>(
        `/institutions/performance${organisationId ? `?organisationId=${organisationId}` : ''}`,
      ),
    [api, organisationId],
  );
  const chart = useMemo(() => (data.data ? option(data.data, s) : null), [data.data, s]);
  const rows = data.data?.institutions ?? [];
  const table = (
    <table class="table stacked">
      <caption class="visually-hidden">{s.heading}</caption>
      <thead>
        <tr>
          <th scope="col">{s.institution}</th>
          <th scope="col">{s.teachers}</th>
          <th scope="col">{s.completion}</th>
          <th scope="col">{s.pass}</th>
          <th scope="col">{s.excellent}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((i) => (
          <tr key={`${i.kind}:${i.name}`}>
            <th scope="row">
              {i.name}
              {i.kind === 'tenant' && <span class="muted small">{s.own}</span>}
            </th>
            <td data-label={s.teachers}>{i.teachers}</td>
            <td data-label={s.completion}>
              {i.completionRate}% ({i.complete}/{i.teachers})
            </td>
            <td data-label={s.pass}>
              {i.passRate}% ({i.abilitiesPassed}/{i.abilitiesGraded})
            </td>
            <td data-label={s.excellent}>{i.excellentRate}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section class="card stack" aria-labelledby="institutions-heading">
      <h3 id="institutions-heading">{s.heading}</h3>
      <p class="muted small">{s.intro}</p>
      {data.loading && !data.data && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && rows.length === 0 && <Empty>{s.empty}</Empty>}
      {rows.length === 1 && <div class="scroll-x">{table}</div>}
      {rows.length > 1 && chart && (
        <Chart title={s.chart} option={chart} height={Math.max(200, rows.length * 48 + 60)} table={table} />
      )}
    </section>
  );
}
