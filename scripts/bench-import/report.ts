// The bench's section of docs/benchmarks.md: the table of one run and the goal said plainly.
import { replaceMarkedSection } from '../bench-report';

export const START = '<!-- bench:import:start -->';
export const END = '<!-- bench:import:end -->';

export interface DatabaseRun {
  database: string;
  rows: number;
  importMs: number;
  importCreated: number;
  copyMs: number;
  reimportMs: number;
  reimportUnchanged: number;
  rowByRowRows: number;
  rowByRowMs: number;
  rowByRowCreated: number;
  /** The tool on the same rows sorted by course, into a tenant of its own. */
  courseSortedMs: number;
  courseSortedCreated: number;
  heapMb: { before: number; peak: number; after: number };
  /** Bytes of the rows the tool and the plain COPY stored (storedBytes): the same rows weigh the same. */
  storedBytes: { tool: StoredBytes; copy: StoredBytes };
}

export interface StoredBytes {
  completions: number;
  credits: number;
  audits: number;
}

export interface ImportBenchResult {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  load: number;
  teachers: number;
  runs: DatabaseRun[];
}

const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} kB`;
/** What each table's rows weigh, the tool's / the plain COPY's. */
function weights({ tool, copy }: DatabaseRun['storedBytes']): string {
  const table = (name: string, key: keyof StoredBytes) => `${name} ${kb(tool[key])} / ${kb(copy[key])}`;
  return [table('completions', 'completions'), table('credits', 'credits'), table('audit events', 'audits')].join(', ');
}

const perSecond = (rows: number, ms: number) => Math.round((rows / ms) * 1000).toLocaleString('en');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The goal, said plainly for each database, each half on its own: within 1.5× of plain COPY; 100,000 rows/s. */
function goal(r: ImportBenchResult): string {
  const said = r.runs.map((run) => {
    const ratio = run.importMs / run.copyMs;
    const rate = (run.rows / run.importMs) * 1000;
    const copyRate = (run.rows / run.copyMs) * 1000;
    const within = ratio <= 1.5 ? 'met' : '**not met**';
    const fast = rate >= 100_000 ? 'met' : '**not met**';
    return (
      `${run.database}: within 1.5× of plain COPY ${within} (${ratio.toFixed(2)}×); 100,000 rows/s ${fast} ` +
      `(${Math.round(rate).toLocaleString('en')} rows/s; plain COPY of the same rows ${Math.round(copyRate).toLocaleString('en')})`
    );
  });
  return `Goal of issue 13 (within 1.5× of plain COPY, and at least 100,000 rows/s on an idle machine): ${said.join('; ')}. The heap is that of batches of at most 10,000 rows, whatever the file's length (a 1,000,000-row run below).`;
}

export function renderSection(r: ImportBenchResult): string {
  const lines = r.runs.map((run) => {
    const rowByRowRate = (run.rowByRowRows / run.rowByRowMs) * 1000;
    const toolRate = (run.rows / run.importMs) * 1000;
    return (
      `| ${run.database} | ${run.rows} | ${seconds(run.importMs)} | ${perSecond(run.rows, run.importMs)} | ` +
      `${seconds(run.copyMs)} | ${perSecond(run.rows, run.copyMs)} | **${(run.importMs / run.copyMs).toFixed(2)}** | ` +
      `${perSecond(run.rowByRowRows, run.rowByRowMs)} (${run.rowByRowRows} rows) | ${(toolRate / rowByRowRate).toFixed(1)}× | ` +
      `${seconds(run.reimportMs)} | ${perSecond(run.rows, run.reimportMs)} | ` +
      `${seconds(run.courseSortedMs)} | ${(run.courseSortedMs / run.copyMs).toFixed(2)} | ${run.heapMb.before} → ${run.heapMb.peak} → ${run.heapMb.after} MB |`
    );
  });
  const checks = r.runs
    .map(
      (run) =>
        `${run.database}: import created ${run.importCreated}, re-import left ${run.reimportUnchanged} unchanged, row by row created ${run.rowByRowCreated}, sorted by course created ${run.courseSortedCreated}; rows stored by the tool / by the plain COPY: ${weights(run.storedBytes)}`,
    )
    .join('; ');
  return `${START}
## Completion import

\`npm run bench:import\` (scripts/bench-import.ts; ${r.date}, Node ${r.node}, ${r.cpu} × ${r.cores}, load ${r.load}):
${(r.teachers * 5).toLocaleString('en')} completion rows (${r.teachers.toLocaleString('en')} teachers × 5 courses, generic CSV layout), each
column into its own identically seeded tenant of the same scratch database, in one run:

- **Tool**: \`importCompletionFile\` — the CSV cut as it is decoded, in even batches of at most 10,000 rows:
  parse, validate, resolve teachers and courses (keyed lookups), COPY straight into the three tables (completions,
  ledger credits, one audit event per teacher; a batch's COPYs run while the next batch is read), teacher_status
  refreshed for the credited teachers once per 25,000 of them and at the end (their records read, then the engine
  run on them while the last batch is written, the rows COPYed and merged); the whole file in one transaction, a
  summarised report.
- **Plain COPY**: the same rows as the tool stores them (the same provenance: file, SHA-256, layout, row, import
  id; the same audit content), resolved beforehand (not timed), copied into the same three tables in one
  transaction: the database's own limit. It refreshes no teacher_status, validates nothing and writes no report.
  The checks below give what each side's rows weigh.
- **Row by row**: the old path (per row: look the teacher up, insert the completion, the credit, its audit event),
  on the first rows of the file only (it runs at a few hundred rows/s).
- **Re-import**: the same file again (every row \`unchanged\`, nothing written).
- **Sorted by course**: the tool on the same rows ordered course by course, as per-course reports arrive (every
  batch names teachers who already hold earlier batches' completions), into a fourth tenant.

| Database | Rows | Tool | Rows/s | Plain COPY | Rows/s | Tool / COPY | Row by row, rows/s | Tool / row by row | Re-import | Rows/s | Sorted by course | Sorted / COPY | Heap during import (start → peak → end) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}

${goal(r)}

Checks: ${checks}. One run on a shared machine: compare the ratios, not the absolute times.
${END}`;
}

export function replaceSection(doc: string, section: string): string {
  return replaceMarkedSection(doc, section, { start: START, end: END });
}
