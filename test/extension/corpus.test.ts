import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accuracy, CORPUS_DIR, meanF1, runCorpus } from '../../scripts/clip-corpus/run';

// The pages are written for this project in the shapes that broke clipping; nothing is fetched.
const results = runCorpus();
const { floor } = JSON.parse(readFileSync(join(CORPUS_DIR, 'corpus.json'), 'utf8')) as {
  floor: { meanF1: number };
};

describe('clip corpus', () => {
  it('keeps the whole article: mean text F1 at the recorded floor (never under 0.97), no page under 0.5', () => {
    const low = results.filter((r) => r.f1 < 0.5).map((r) => `${r.file}: ${r.f1.toFixed(3)}`);
    expect(low).toEqual([]);
    expect(meanF1(results)).toBeGreaterThanOrEqual(Math.max(0.97, floor.meanF1));
  });

  it('gets the title right on at least 95 % of pages', () => {
    const wrong = results.filter((r) => !r.title).map((r) => `${r.file}: ${r.got.title}`);
    expect(accuracy(results, 'title'), wrong.join('; ')).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps every paragraph of the Chinese pages, with the right title, date and source', () => {
    const faults = results
      .filter((r) => r.chinese)
      .flatMap((r) => [
        ...r.missing.map((p) => `${r.file}: missing “${p.slice(0, 30)}”`),
        ...(['title', 'published', 'source'] as const)
          .filter((field) => r[field] === false)
          .map((field) => `${r.file}: ${field} ${JSON.stringify(r.got)}`),
      ]);
    expect(faults).toEqual([]);
  });

  it('never takes a biography, a handle or a profile address for the byline', () => {
    const wrong = results.filter((r) => r.byline === false).map((r) => `${r.file}: ${r.got.author}`);
    expect(wrong).toEqual([]);
  });
});
