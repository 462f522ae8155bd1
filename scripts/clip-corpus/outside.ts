/**
 * `npx tsx scripts/clip-corpus/outside.ts <dir>`: the extractor over pages laid out as Mozilla Readability's test pages
 * (`<dir>/<name>/source.html`, `expected.html`, `expected-metadata.json`), kept outside the repository (third-party
 * pages are not copied into it). Prints text F1 and title agreement per page and the means, as a markdown table.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { extractPage } from '../../extension/src/extract/extract';
import { squeeze, textF1 } from './score';

const dir = process.argv[2];
if (!dir) throw new Error('usage: outside.ts <folder of test pages>');

const rows: { name: string; f1: number; title: boolean | undefined }[] = [];
for (const name of readdirSync(dir).sort()) {
  const source = join(dir, name, 'source.html');
  const expected = join(dir, name, 'expected.html');
  if (!existsSync(source) || !existsSync(expected)) continue;
  const url = `http://fakehost/test/page.html`;
  const clip = extractPage(new JSDOM(readFileSync(source, 'utf8'), { url }).window.document, url);
  const want = new JSDOM(readFileSync(expected, 'utf8')).window.document.body.textContent ?? '';
  const metaFile = join(dir, name, 'expected-metadata.json');
  const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { title?: string }) : {};
  rows.push({
    name,
    f1: textF1(clip.text ?? '', want),
    title: meta.title ? squeeze(clip.title) === squeeze(meta.title) : undefined,
  });
}
const titled = rows.filter((r) => r.title !== undefined);
console.log('| page | text F1 | title |\n|---|---|---|');
for (const r of rows)
  console.log(`| ${r.name} | ${r.f1.toFixed(3)} | ${r.title === undefined ? '–' : r.title ? '✓' : '✗'} |`);
const mean = rows.reduce((s, r) => s + r.f1, 0) / Math.max(1, rows.length);
console.log(
  `| **${rows.length} pages** | **${mean.toFixed(3)}** (lowest ${Math.min(...rows.map((r) => r.f1)).toFixed(3)}) | ` +
    `${titled.filter((r) => r.title).length}/${titled.length} |`,
);
