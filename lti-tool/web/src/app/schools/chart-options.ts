import { TEACHER_STATES, type SummaryReply } from '../../../../../shared/api/schools';
import type { ChartOption } from './Chart';
import type { SchoolStrings } from './strings';

/** Colours per engine state: grey not started → green certified, distinct in greyscale too. */
const STATE_COLOURS = ['#c9ccd1', '#f2b134', '#4d8fd6', '#6fbf73', '#2e7d32'];
const short = (name: string) => (name.length > 8 ? `${name.slice(0, 8)}…` : name);

type Row = Pick<SummaryReply['rows'][number], 'id' | 'name' | 'states'>;

/** A bar per row (city, county or school), stacked by state, horizontal so 40 names stay readable at 360 px. */
export function barOption(schools: Row[], s: SchoolStrings): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 4, right: 12, top: 32, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: schools.map((x) => short(x.name)) },
    series: TEACHER_STATES.map((state, i) => ({
      name: s.states[state],
      type: 'bar',
      stack: 'teachers',
      itemStyle: { color: STATE_COLOURS[i] },
      data: schools.map((x) => x.states[state]),
    })),
  };
}

/** Abilities (columns) × rows; the colour is teachers who chose, the tooltip adds who passed. */
export function heatOption(schools: Row[], cells: SummaryReply['heatmap'], s: SchoolStrings) {
  const codes = [...new Set(cells.map((c) => c.abilityCode))].sort();
  const rowOf = new Map(schools.map((x, i) => [x.id, i]));
  const data = cells
    .filter((c) => rowOf.has(c.organisationId))
    .map((c) => [codes.indexOf(c.abilityCode), rowOf.get(c.organisationId), c.chosen, c.passed]);
  const max = Math.max(1, ...cells.map((c) => c.chosen));
  const option: ChartOption = {
    tooltip: {
      confine: true,
      formatter: (p: { value: number[] }) =>
        `${schools[p.value[1] ?? 0]?.name ?? ''} · ${codes[p.value[0] ?? 0] ?? ''}<br/>${s.chosen} ${p.value[2]} · ${s.passed} ${p.value[3]}`,
    },
    grid: { left: 4, right: 8, top: 8, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: codes, splitArea: { show: true } },
    yAxis: { type: 'category', inverse: true, data: schools.map((x) => short(x.name)) },
    visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80 },
    series: [{ type: 'heatmap', data, label: { show: codes.length <= 8 } }],
  };
  return { option, codes };
}

/** Teachers complete over time (cumulative), against the enrolled total and the deadline. */
export function progressOption(progress: SummaryReply['progress'], s: SchoolStrings): ChartOption {
  const points = progress.points.map((p) => [p.date, p.completed]);
  // A deadline already past still shows, and so does progress made after it.
  const last = progress.points.at(-1)?.date ?? progress.deadline;
  const max = last > progress.deadline ? last : progress.deadline;
  return {
    tooltip: { trigger: 'axis', confine: true },
    grid: { left: 4, right: 16, top: 24, bottom: 4, containLabel: true },
    xAxis: { type: 'time', max, min: progress.points[0]?.date },
    yAxis: { type: 'value', max: Math.max(progress.teachers, 1), minInterval: 1 },
    series: [
      {
        name: s.completed,
        type: 'line',
        step: 'end',
        data: points,
        markLine: {
          symbol: 'none',
          data: [
            { xAxis: progress.deadline, label: { formatter: `${s.deadline} ${progress.deadline}` } },
            {
              yAxis: progress.teachers,
              label: { formatter: `${s.target} ${progress.teachers}`, position: 'insideEndTop' },
            },
          ],
        },
      },
    ],
  };
}
