import { useMemo, useState } from 'preact/hooks';
import type { Figures, OverviewReply, ScopeReply } from '../../../../../shared/api/schools';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { ReportDeadline } from '../exports/ReportDeadline';
import { artefactStrings } from './artefact-strings';
import { ArtefactQueue } from './Artefacts';
import { Chart } from './Chart';
import { Incentives } from './Incentives';
import { Institutions } from './Institutions';
import { barOption, heatOption, progressOption } from './chart-options';
import { schoolStrings, type SchoolStrings } from './strings';

export const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The figures of a set of teachers as a compact list of terms (used for totals and at 360 px). */
export function FigureList({ f, s }: { f: Figures; s: SchoolStrings }) {
  const items: [string, string][] = [
    [s.teachers, String(f.teachers)],
    [s.onlineHours, String(f.onlineHours)],
    [s.practiceHours, String(f.practiceHours)],
    [s.chosen, String(f.abilitiesChosen)],
    [s.submitted, String(f.abilitiesSubmitted)],
    [s.graded, String(f.abilitiesGraded)],
    [s.passRate, `${f.passRate}%`],
    [s.excellentRate, `${f.excellentRate}%`],
    [s.lastActivity, day(f.lastActivityAt)],
  ];
  return (
    <dl class="figures">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every school in scope: figures, charts with their tables, drill-down to a school. */
export function CountyOverview(props: { scope: ScopeReply; openSchool: (id: string) => void }) {
  const { api, lang } = useApp();
  const s = schoolStrings(lang);
  const [county, setCounty] = useState('');
  const data = useResource(
    () => api.get<OverviewReply>(`/schools/overview${county ? `?organisationId=${county}` : ''}`),
    [api, county],
  );
  const counties = useMemo(() => {
    const map = new Map<string, string>();
    for (const x of data.data?.schools ?? []) if (x.parentId) map.set(x.parentId, x.parentName ?? '');
    return [...map];
  }, [data.data]);
  const [knownCounties, setKnown] = useState<[string, string][]>([]);
  if (counties.length > knownCounties.length) setKnown(counties);

  return (
    <div class="stack">
      <header>
        <h2>{s.countyHeading}</h2>
        <p class="muted small">
          {s.programme}：{props.scope.programme.name} · {s.deadline}：{props.scope.programme.deadline}
        </p>
        <ReportDeadline />
      </header>
      {knownCounties.length > 1 && (
        <label class="row">
          {s.filterCounty}
          <select value={county} onChange={(e) => setCounty((e.target as HTMLSelectElement).value)}>
            <option value="">{s.allCounties}</option>
            {knownCounties.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {props.scope.level !== 'school' && <ArtefactQueue openSchool={props.openSchool} />}
      {props.scope.level !== 'school' && <Incentives organisationId={county || undefined} />}
      {props.scope.level !== 'school' && <Institutions organisationId={county || undefined} />}
      {data.loading && !data.data && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && data.data.schools.length === 0 && <Empty>{s.noSchools}</Empty>}
      {data.data && data.data.schools.length > 0 && <OverviewBody data={data.data} s={s} open={props.openSchool} />}
    </div>
  );
}

function OverviewBody({ data, s, open }: { data: OverviewReply; s: SchoolStrings; open: (id: string) => void }) {
  const { lang } = useApp();
  const approvedLabel = artefactStrings(lang).artefactsApproved;
  const bar = useMemo(() => barOption(data.schools, s), [data, s]);
  const heat = useMemo(() => heatOption(data.schools, data.heatmap, s), [data, s]);
  const progress = useMemo(() => progressOption(data.progress, s), [data, s]);
  const rowHeight = Math.max(240, data.schools.length * 22 + 60);
  return (
    <>
      <section class="card" aria-label={s.teachers}>
        <FigureList f={data.total} s={s} />
        <dl class="figures">
          <div>
            <dt>{approvedLabel}</dt>
            <dd>{data.total.artefactsApproved}</dd>
          </div>
        </dl>
      </section>
      <section class="card">
        <h3>{s.schools}</h3>
        <div class="scroll-x">
          <table class="table stacked">
            <thead>
              <tr>
                <th scope="col">{s.schools}</th>
                <th scope="col">{s.teachers}</th>
                <th scope="col">{s.onlineHours}</th>
                <th scope="col">{s.practiceHours}</th>
                <th scope="col">{`${s.chosen} / ${s.submitted} / ${s.graded}`}</th>
                <th scope="col">{s.passRate}</th>
                <th scope="col">{s.excellentRate}</th>
                <th scope="col">{approvedLabel}</th>
                <th scope="col">{s.lastActivity}</th>
              </tr>
            </thead>
            <tbody>
              {data.schools.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    <button type="button" class="link" onClick={() => open(x.id)}>
                      {x.name}
                    </button>
                    {x.parentName && <span class="muted small"> · {x.parentName}</span>}
                  </th>
                  <td data-label={s.teachers}>{x.teachers}</td>
                  <td data-label={s.onlineHours}>{x.onlineHours}</td>
                  <td data-label={s.practiceHours}>{x.practiceHours}</td>
                  <td data-label={`${s.chosen} / ${s.submitted} / ${s.graded}`}>
                    {x.abilitiesChosen} / {x.abilitiesSubmitted} / {x.abilitiesGraded}
                  </td>
                  <td data-label={s.passRate}>{x.passRate}%</td>
                  <td data-label={s.excellentRate}>{x.excellentRate}%</td>
                  <td data-label={approvedLabel}>{x.artefactsApproved}</td>
                  <td data-label={s.lastActivity}>{day(x.lastActivityAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <Chart title={s.barTitle} option={bar} height={rowHeight} table={<StateTable data={data} s={s} />} />
      <Chart
        title={s.heatTitle}
        option={heat.option}
        height={rowHeight + 40}
        table={<HeatTable data={data} codes={heat.codes} s={s} />}
      />
      <Chart title={s.progressTitle} option={progress} height={260} table={<ProgressTable data={data} s={s} />} />
    </>
  );
}

function StateTable({ data, s }: { data: OverviewReply; s: SchoolStrings }) {
  const states = Object.keys(s.states) as (keyof SchoolStrings['states'])[];
  return (
    <table class="table stacked">
      <caption class="visually-hidden">{s.barTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{s.schools}</th>
          {states.map((k) => (
            <th scope="col" key={k}>
              {s.states[k]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.schools.map((x) => (
          <tr key={x.id}>
            <th scope="row">{x.name}</th>
            {states.map((k) => (
              <td key={k} data-label={s.states[k]}>
                {x.states[k]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HeatTable({ data, codes, s }: { data: OverviewReply; codes: string[]; s: SchoolStrings }) {
  const cell = (schoolId: string, code: string) =>
    data.heatmap.find((c) => c.schoolId === schoolId && c.abilityCode === code);
  return (
    <table class="table stacked">
      <caption class="visually-hidden">{s.heatTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{s.schools}</th>
          {codes.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.schools.map((x) => (
          <tr key={x.id}>
            <th scope="row">{x.name}</th>
            {codes.map((c) => {
              const v = cell(x.id, c);
              return (
                <td key={c} data-label={c}>
                  {v ? `${v.chosen} / ${v.passed}` : '0 / 0'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProgressTable({ data, s }: { data: OverviewReply; s: SchoolStrings }) {
  if (data.progress.points.length === 0) return <Empty>{`${s.completed}: 0 / ${data.progress.teachers}`}</Empty>;
  return (
    <table class="table">
      <caption class="visually-hidden">{s.progressTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{s.date}</th>
          <th scope="col">{`${s.completed} / ${s.target} ${data.progress.teachers}`}</th>
        </tr>
      </thead>
      <tbody>
        {data.progress.points.map((p) => (
          <tr key={p.date}>
            <td>{p.date}</td>
            <td>{p.completed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
