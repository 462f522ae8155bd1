/**
 * npm run bench:engine [-- --n 100000 --seed 20190 --runs 5 --no-write]
 *
 * Evaluates N synthetic teachers (deterministic, seeded) in-process and reports teachers per second plus a ratio
 * against a baseline measured in the same run on the same machine, so the figure survives a change of hardware.
 * Baseline: a JSON round trip (stringify + parse) of the same records — the least work any service does with a
 * teacher's records (load them from storage or an API), it scales with record size like the engine does, and it
 * is dominated by the same allocations. Issue 14's reference is reported too: a tight loop that only sums hours by
 * category and counts distinct abilities over the same teachers (goal: the engine within 5× of it).
 * Results go into docs/benchmarks.md between the engine markers; other sections are left alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { machineFacts, replaceMarkedSection } from './bench-report';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateTeacher, getCatalogue, getProgramme, type TeacherRecords } from '../shared/domain';
import { generateTeachers, type SyntheticTeacher } from '../test/fixtures/engine/synthetic-teachers';

/** Median and spread of the timed runs, in milliseconds. */
interface Timing {
  median: number;
  min: number;
  max: number;
}

function summarize(values: number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

type Work = (t: SyntheticTeacher) => number;

/** Issue 14's reference: hours summed by category and distinct abilities counted, with no allocation. */
export function tightLoop(t: SyntheticTeacher): number {
  let online = 0;
  let practice = 0;
  const hours = t.records.hours;
  for (let i = 0; i < hours.length; i++) {
    const h = hours[i] as (typeof hours)[number];
    if (h.category === 'online') online += h.hours;
    else practice += h.hours;
  }
  const selections = t.records.selections;
  let distinct = 0;
  for (let i = 0; i < selections.length; i++) {
    const code = (selections[i] as (typeof selections)[number]).abilityCode;
    let j = 0;
    while (j < i && (selections[j] as (typeof selections)[number]).abilityCode !== code) j++;
    if (j === i) distinct++;
  }
  return online + practice + distinct;
}

/**
 * Times each workload over all teachers, `runs` times, after a short warm-up. Runs are interleaved (baseline,
 * loop, engine, baseline, …) so a burst of load from other processes hits all of them alike.
 */
function measure(teachers: SyntheticTeacher[], runs: number, work: Record<string, Work>): Record<string, Timing> {
  let sink = 0;
  const names = Object.keys(work);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const fn of Object.values(work)) for (const t of teachers.slice(0, 2000)) sink += fn(t);
  for (let r = 0; r < runs; r++) {
    for (const name of names) {
      const fn = work[name] as Work;
      const start = performance.now();
      for (const t of teachers) sink += fn(t);
      times[name]?.push(performance.now() - start);
    }
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the work observable');
  return Object.fromEntries(names.map((name) => [name, summarize(times[name] ?? [])]));
}

export interface EngineBenchResult {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  /** 1-minute load average when the run ended: other work on the machine skews absolute figures, less so ratios. */
  load: number;
  n: number;
  seed: number;
  runs: number;
  engineMs: number;
  teachersPerSecond: number;
  jsonBaselineMs: number;
  sumBaselineMs: number;
  /** Fastest and slowest run, to show how noisy the machine was. */
  engineRangeMs: [number, number];
  jsonRangeMs: [number, number];
  sumRangeMs: [number, number];
  states: Record<string, number>;
}

export function runBenchmark(n: number, seed: number, runs: number): EngineBenchResult {
  const programme = getProgramme('cn-national-2.0');
  const catalogue = getCatalogue('national-2.0');
  const teachers = generateTeachers(n, seed);
  const states: Record<string, number> = {};
  for (const t of teachers) {
    const state = evaluateTeacher(programme, catalogue, t.school, t.records).state;
    states[state] = (states[state] ?? 0) + 1;
  }
  const timings = measure(teachers, runs, {
    json: (t) => (JSON.parse(JSON.stringify(t.records)) as TeacherRecords).hours.length,
    sum: tightLoop,
    engine: (t) => evaluateTeacher(programme, catalogue, t.school, t.records).nextActions.length,
  });
  const { json, sum, engine } = timings as Record<'json' | 'sum' | 'engine', Timing>;
  return {
    ...machineFacts(),
    n,
    seed,
    runs,
    engineMs: engine.median,
    teachersPerSecond: Math.round((n / engine.median) * 1000),
    jsonBaselineMs: json.median,
    sumBaselineMs: sum.median,
    engineRangeMs: [engine.min, engine.max],
    jsonRangeMs: [json.min, json.max],
    sumRangeMs: [sum.min, sum.max],
    states,
  };
}

export const START = '<!-- bench:engine:start -->';
export const END = '<!-- bench:engine:end -->';

export function renderSection(r: EngineBenchResult): string {
  const ms = (v: number) => v.toFixed(0);
  const states = Object.entries(r.states)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, count]) => `${state} ${count}`)
    .join(', ');
  return `${START}
## Engine

\`npm run bench:engine\` (scripts/bench-engine.ts): ${r.n.toLocaleString('en')} synthetic teachers (seed ${r.seed}),
evaluated in-process with \`evaluateTeacher\` against \`cn-national-2.0\`; median of ${r.runs} interleaved runs after a warm-up.
Baselines, same run: a JSON round trip of the same records (the least work any service does with them), and issue
14's reference, a tight loop that only sums hours by category and counts distinct abilities over the same teachers
(goal: engine within 5× of it). Ratios = engine time / baseline time, so they can be compared across machines.

| Date | Node | CPU | Load | N | Engine time | Teachers/s | JSON baseline | Ratio engine/JSON | Tight loop | Ratio engine/loop |
|---|---|---|---|---|---|---|---|---|---|---|
| ${r.date} | ${r.node} | ${r.cpu} (${r.cores} cores) | ${r.load} | ${r.n} | ${ms(r.engineMs)} ms | ${r.teachersPerSecond.toLocaleString('en')} | ${ms(r.jsonBaselineMs)} ms | ${(r.engineMs / r.jsonBaselineMs).toFixed(2)} | ${r.sumBaselineMs.toFixed(1)} ms | ${(r.engineMs / r.sumBaselineMs).toFixed(1)} |

Goal of issue 14 (engine within 5× of the tight loop): **${r.engineMs / r.sumBaselineMs <= 5 ? 'met' : 'not met'}** in this run.
Run-to-run spread: engine ${ms(r.engineRangeMs[0])}–${ms(r.engineRangeMs[1])} ms, JSON baseline ${ms(r.jsonRangeMs[0])}–${ms(r.jsonRangeMs[1])} ms, tight loop ${r.sumRangeMs[0].toFixed(1)}–${r.sumRangeMs[1].toFixed(1)} ms
(a shared machine; compare ratios rather than absolute times, and several runs rather than one).
States of the synthetic teachers (a check that the mix exercises every path): ${states}.
${END}`;
}

/** Replaces the engine section of the benchmarks document, or appends it; everything else stays as it was. */
export function replaceSection(doc: string, section: string): string {
  return replaceMarkedSection(doc, section, { start: START, end: END });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '20190' },
      runs: { type: 'string', default: '5' },
      'no-write': { type: 'boolean' },
    },
  });
  const [n, seed, runs] = [Number(values.n), Number(values.seed), Number(values.runs)];
  if (![n, seed, runs].every((v) => Number.isInteger(v) && v > 0)) {
    console.error('--n, --seed and --runs must be positive integers');
    return 2;
  }
  const result = runBenchmark(n, seed, runs);
  console.log(JSON.stringify(result, null, 2));
  if (!values['no-write']) {
    const file = new URL('../docs/benchmarks.md', import.meta.url);
    const doc = await readFile(file, 'utf8').catch(() => '');
    await writeFile(file, replaceSection(doc, renderSection(result)));
    console.log('docs/benchmarks.md updated');
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
