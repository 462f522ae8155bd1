import { useMemo } from 'preact/hooks';
import type { Figures, ScopeReply, SummaryReply } from '../../../../../shared/api/schools';
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

/**
 * The scope one level at a time: a province's cities, a city's counties, a county's schools (one row each, grouped on
 * the server), with a breadcrumb back up; a school opens its dashboard. `at` is the organisation shown (kept by the
 * caller, so coming back from a school returns here).
 */
export function CountyOverview(props: {
  scope: ScopeReply;
  openSchool: (id: string) => void;
  at: string | undefined;
  setAt: (id: string | undefined) => void;
}) {
  const { api, lang } = useApp();
  const s = schoolStrings(lang);
  const { at, setAt } = props;
  const data = useResource(
    () => api.get<SummaryReply>(`/schools/summary${at ? `?organisationId=${at}` : ''}`),
    [api, at],
  );
  const here = data.data?.organisation;
  const heading = (here && s.areaHeading[here.kind]) ?? s.countyHeading;
  // Incentives and institutions follow the drill-down (the whole scope until the officer drills).
  const filter = at && here && here.kind !== 'school' ? here.id : undefined;
  const open = (row: SummaryReply['rows'][number]) =>
    row.kind === 'school' ? props.openSchool(row.id) : setAt(row.id);

  return (
    <div class="stack">
      <header>
        <h2>{heading}</h2>
        <p class="muted small">
          {s.programme}：{props.scope.programme.name} · {s.deadline}：{props.scope.programme.deadline}
        </p>
        <ReportDeadline />
      </header>
      {data.data && data.data.path.length > 0 && (
        <nav aria-label={s.breadcrumb}>
          <ol class="breadcrumb row">
            {data.data.path.map((o) => (
              <li key={o.id}>
                <button type="button" class="link" onClick={() => setAt(o.id)}>
                  {o.name}
                </button>
              </li>
            ))}
            <li aria-current="page">{here?.name}</li>
          </ol>
        </nav>
      )}
      {data.loading && !data.data && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && data.data.rows.length === 0 && <Empty>{s.noSchools}</Empty>}
      {data.data && data.data.rows.length > 0 && <OverviewBody data={data.data} s={s} open={open} />}
      {/* The figures come first: a county's queue of plans to review can be dozens of forms long on a phone. */}
      {props.scope.level !== 'school' && <ArtefactQueue openSchool={props.openSchool} />}
      {props.scope.level !== 'school' && <Incentives organisationId={filter} />}
      {props.scope.level !== 'school' && <Institutions organisationId={filter} />}
    </div>
  );
}

type Open = (row: SummaryReply['rows'][number]) => void;

function OverviewBody({ data, s, open }: { data: SummaryReply; s: SchoolStrings; open: Open }) {
  const { lang } = useApp();
  const approvedLabel = artefactStrings(lang).artefactsApproved;
  const kind = data.rows[0]?.kind ?? 'school';
  const noun = s.rowNoun[kind] ?? s.schools;
  const areas = kind !== 'school';
  const bar = useMemo(() => barOption(data.rows, s), [data, s]);
  const heat = useMemo(() => heatOption(data.rows, data.heatmap, s), [data, s]);
  const progress = useMemo(() => progressOption(data.progress, s), [data, s]);
  const rowHeight = Math.max(240, data.rows.length * 22 + 60);
  return (
    <>
      <section class="card" aria-label={s.teachers}>
        <FigureList f={data.total} s={s} />
        <dl class="figures">
          <div>
            <dt>{s.schoolCount}</dt>
            <dd>{data.total.schools}</dd>
          </div>
          <div>
            <dt>{approvedLabel}</dt>
            <dd>{data.total.artefactsApproved}</dd>
          </div>
        </dl>
      </section>
      <section class="card">
        <h3>{noun}</h3>
        <div class="scroll-x">
          <table class="table stacked">
            <thead>
              <tr>
                <th scope="col">{noun}</th>
                {areas && <th scope="col">{s.schoolCount}</th>}
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
              {data.rows.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    <button type="button" class="link" onClick={() => open(x)}>
                      {x.name}
                    </button>
                  </th>
                  {areas && <td data-label={s.schoolCount}>{x.schools}</td>}
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
      <Chart
        title={s.barTitle(noun)}
        option={bar}
        height={rowHeight}
        table={<StateTable data={data} s={s} noun={noun} />}
      />
      <Chart
        title={s.heatTitle(noun)}
        option={heat.option}
        height={rowHeight + 40}
        table={<HeatTable data={data} codes={heat.codes} s={s} noun={noun} />}
      />
      <Chart title={s.progressTitle} option={progress} height={260} table={<ProgressTable data={data} s={s} />} />
    </>
  );
}

function StateTable({ data, s, noun }: { data: SummaryReply; s: SchoolStrings; noun: string }) {
  const states = Object.keys(s.states) as (keyof SchoolStrings['states'])[];
  return (
    <table class="table stacked">
      <caption class="visually-hidden">{s.barTitle(noun)}</caption>
      <thead>
        <tr>
          <th scope="col">{noun}</th>
          {states.map((k) => (
            <th scope="col" key={k}>
              {s.states[k]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((x) => (
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

function HeatTable(props: { data: SummaryReply; codes: string[]; s: SchoolStrings; noun: string }) {
  const { data, codes, s, noun } = props;
  const cell = (id: string, code: string) =>
    data.heatmap.find((c) => c.organisationId === id && c.abilityCode === code);
  return (
    <table class="table stacked">
      <caption class="visually-hidden">{s.heatTitle(noun)}</caption>
      <thead>
        <tr>
          <th scope="col">{noun}</th>
          {codes.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((x) => (
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

function ProgressTable({ data, s }: { data: SummaryReply; s: SchoolStrings }) {
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
