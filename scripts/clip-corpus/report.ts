/**
 * `npm run corpus:clip`: runs the extractor over test/fixtures/clip-corpus and writes the per-page table into
 * docs/extension.md (between the clip-corpus markers). The same figures are checked by test/extension/corpus.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accuracy, meanF1, type PageResult, runCorpus } from './run';

const DOC = join(import.meta.dirname, '../../docs/extension.md');
const START = '<!-- clip-corpus:start -->';
const END = '<!-- clip-corpus:end -->';

const mark = (v: boolean | undefined) => (v === undefined ? '–' : v ? '✓' : '✗');
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

export function corpusTable(results: PageResult[], date = new Date().toISOString().slice(0, 10)): string {
  const rows = results.map(
    (r) =>
      `| ${r.file} | ${r.shape} | ${r.f1.toFixed(3)} | ${mark(r.title)} | ${mark(r.byline)} | ${mark(r.published)} | ` +
      `${mark(r.source)} | ${mark(r.excerpt)} | ${r.missing.length} |`,
  );
  return [
    `Run ${date} with \`npm run corpus:clip\` (${results.length} pages; ✓ right, ✗ wrong, – not scored).`,
    '',
    '| page | shape | text F1 | title | byline | date | source | excerpt | paragraphs missing |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    `| **all** | | **${meanF1(results).toFixed(3)}** (lowest ${Math.min(...results.map((r) => r.f1)).toFixed(3)}) | ` +
      `${pct(accuracy(results, 'title'))} | ${pct(accuracy(results, 'byline'))} | ` +
      `${pct(accuracy(results, 'published'))} | ${pct(accuracy(results, 'source'))} | ` +
      `${pct(accuracy(results, 'excerpt'))} | ${results.reduce((n, r) => n + r.missing.length, 0)} |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const doc = readFileSync(DOC, 'utf8');
  const at = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (at < 0 || end < at) throw new Error(`docs/extension.md needs the markers ${START} and ${END}`);
  const table = corpusTable(runCorpus());
  writeFileSync(DOC, `${doc.slice(0, at + START.length)}\n${table}\n${doc.slice(end)}`);
  console.log(table);
}
