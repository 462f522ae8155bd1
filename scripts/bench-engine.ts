/**
 * npm run bench:engine [-- --n 100000 --seed 20190 --runs 5 --no-write]
 *
 * Evaluates N synthetic teachers (deterministic, seeded) in-process and reports teachers per second plus a ratio
 * against a baseline measured in the same run on the same machine, so the figure survives a change of hardware.
 * Baseline: a JSON round trip (stringify + parse) of the same records — the least work any service does with a
 * teacher's records (load them from storage or an API), it scales with record size like the engine does, and it
 * is dominated by the same allocations. A trivial hours-summing loop is reported as a second reference.
 * Results go into docs/benchmarks.md between the engine markers; other sections are left alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  evaluateTeacher,
  getCatalogue,
  getProgramme,
  type GradeId,
  type SchoolContext,
  type SubmissionState,
  type TeacherRecords,
} from '../shared/domain';

export interface SyntheticTeacher {
  school: SchoolContext;
  records: TeacherRecords;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; the same seed gives the same teachers everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENVIRONMENTS = ['multimedia', 'multimedia', 'multimedia', 'blended', 'blended', 'smart'] as const;
const STATES: SubmissionState[] = ['draft', 'submitted', 'returned', 'graded', 'graded', 'graded'];
const GRADES: GradeId[] = ['excellent', 'pass', 'pass', 'pass', 'fail'];

type Rand = () => number;
type Ability = ReturnType<typeof getCatalogue>['abilities'][number];

/** How far along a synthetic teacher is; the mix makes every overall state and most next actions appear. */
const PROFILES = [
  'random',
  'random',
  'random',
  'random',
  'near',
  'near',
  'near',
  'submitted',
  'graded',
  'none',
] as const;
type Profile = (typeof PROFILES)[number];

const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

/** Three A abilities over three dimensions, so the selection rule can be met at any school. */
const ON_TRACK = ['A1', 'A3', 'A10'];

function hoursFor(rand: Rand, profile: Profile): TeacherRecords['hours'] {
  if (profile === 'none') return [];
  if (profile !== 'random') {
    const year = 2019 + Math.floor(rand() * 4);
    return [
      { category: 'online', hours: 20 + Math.floor(rand() * 10), schoolYear: year, source: 'platform' },
      { category: 'practice', hours: 20 + Math.floor(rand() * 12), schoolYear: year, source: 'school' },
    ];
  }
  return Array.from({ length: Math.floor(rand() * 9) }, () => ({
    category: rand() < 0.5 ? ('online' as const) : ('practice' as const),
    hours: Math.round(rand() * 150) / 10,
    schoolYear: 2018 + Math.floor(rand() * 6),
    source: 'platform',
  }));
}

function submissionFor(rand: Rand, ability: Ability, profile: Profile): TeacherRecords['evidence'][number] {
  const state: SubmissionState =
    profile === 'graded' ? 'graded' : profile === 'submitted' ? 'submitted' : pick(rand, STATES);
  const careful = profile === 'graded' || profile === 'submitted';
  const items = ability.evidence.slots
    .filter((slot) => careful || slot.required || rand() < 0.9)
    .filter(() => careful || rand() < 0.9)
    .map((slot) => ({
      slotId: slot.id,
      provided: true,
      ...(state === 'graded' && (careful || rand() < 0.95)
        ? { grade: pick(rand, careful ? GRADES.slice(0, 4) : GRADES) }
        : {}),
      ...(slot.kind === 'video'
        ? { file: { extension: 'mp4', sizeMb: 50, videoMinutes: rand() * (careful ? 5 : 12) } }
        : {}),
    }));
  return { abilityCode: ability.code, state, items };
}

/** Teachers at every stage: untouched, part-way with realistic mistakes, submitted, graded, certified. */
export function generateTeachers(n: number, seed: number): SyntheticTeacher[] {
  const rand = mulberry32(seed);
  const abilities = getCatalogue('national-2.0').abilities;
  const byCode = new Map(abilities.map((a) => [a.code, a]));
  const teachers: SyntheticTeacher[] = [];
  for (let i = 0; i < n; i++) {
    const profile = pick(rand, PROFILES);
    const school: SchoolContext = { environment: pick(rand, ENVIRONMENTS) };
    if (profile === 'random' && rand() < 0.3)
      school.shortlist = Array.from({ length: 6 }, () => pick(rand, abilities).code);
    const chosen =
      profile === 'none'
        ? []
        : profile === 'random'
          ? Array.from({ length: Math.floor(rand() * 6) }, () => pick(rand, abilities))
          : ON_TRACK.map((code) => byCode.get(code) as Ability).concat(rand() < 0.3 ? [pick(rand, abilities)] : []);
    const unique = chosen.filter((a, k) => chosen.findIndex((b) => b.code === a.code) === k);
    const evidence = unique
      .filter(() => profile !== 'random' || rand() < 0.8)
      .map((ability) => submissionFor(rand, ability, profile === 'near' ? 'random' : profile));
    const records: TeacherRecords = {
      selections: chosen.map((a) => ({ abilityCode: a.code })),
      hours: hoursFor(rand, profile),
      evidence,
    };
    if (profile === 'graded' && rand() < 0.4) records.certificate = { issuedAt: '2022-07-01' };
    teachers.push({ school, records });
  }
  return teachers;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs `work` over all teachers `runs` times after a short warm-up; returns the median milliseconds. */
function measure(teachers: SyntheticTeacher[], runs: number, work: (t: SyntheticTeacher) => number): number {
  let sink = 0;
  for (const t of teachers.slice(0, 2000)) sink += work(t);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (const t of teachers) sink += work(t);
    times.push(performance.now() - start);
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the work observable');
  return median(times);
}

export interface EngineBenchResult {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  n: number;
  seed: number;
  runs: number;
  engineMs: number;
  teachersPerSecond: number;
  jsonBaselineMs: number;
  sumBaselineMs: number;
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
  const jsonBaselineMs = measure(
    teachers,
    runs,
    (t) => (JSON.parse(JSON.stringify(t.records)) as TeacherRecords).hours.length,
  );
  const sumBaselineMs = measure(teachers, runs, (t) => t.records.hours.reduce((sum, h) => sum + h.hours, 0));
  const engineMs = measure(
    teachers,
    runs,
    (t) => evaluateTeacher(programme, catalogue, t.school, t.records).nextActions.length,
  );
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    n,
    seed,
    runs,
    engineMs,
    teachersPerSecond: Math.round((n / engineMs) * 1000),
    jsonBaselineMs,
    sumBaselineMs,
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
evaluated in-process with \`evaluateTeacher\` against \`cn-national-2.0\`; median of ${r.runs} runs after a warm-up.
Baseline: a JSON round trip of the same records (the least work any service does with them); ratio = engine time /
baseline time, so it can be compared across machines. A summing loop over the hours is shown for scale.

| Date | Node | CPU | N | Engine time | Teachers/s | JSON baseline | Ratio engine/JSON | Sum loop | Ratio engine/sum |
|---|---|---|---|---|---|---|---|---|---|
| ${r.date} | ${r.node} | ${r.cpu} (${r.cores} cores) | ${r.n} | ${ms(r.engineMs)} ms | ${r.teachersPerSecond.toLocaleString('en')} | ${ms(r.jsonBaselineMs)} ms | ${(r.engineMs / r.jsonBaselineMs).toFixed(2)} | ${r.sumBaselineMs.toFixed(1)} ms | ${Math.round(r.engineMs / r.sumBaselineMs)} |

States of the synthetic teachers (a check that the mix exercises every path): ${states}.
${END}`;
}

/** Replaces the engine section of the benchmarks document, or appends it; everything else stays as it was. */
export function replaceSection(doc: string, section: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start !== -1 && end > start) return doc.slice(0, start) + section + doc.slice(end + END.length);
  const base = doc.trim() === '' ? '# Benchmarks\n' : doc.replace(/\s*$/, '\n');
  return `${base}\n${section}\n`;
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
