import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { extractPage } from '../../extension/src/extract/extract';
import { excerptMatches, missingParagraphs, squeeze, textF1 } from './score';

export const CORPUS_DIR = join(import.meta.dirname, '../../test/fixtures/clip-corpus');

interface Expected {
  file: string;
  shape: string;
  url: string;
  chinese: boolean;
  title: string;
  /** null: must be absent; missing: not scored. */
  byline?: string | null;
  published?: string | null;
  source?: string;
  excerpt?: string;
  paragraphs: string[];
}

export interface PageResult {
  file: string;
  shape: string;
  chinese: boolean;
  f1: number;
  title: boolean;
  /** undefined where the page's expectation leaves the field unscored. */
  byline?: boolean;
  published?: boolean;
  source?: boolean;
  excerpt?: boolean;
  missing: string[];
  got: { title: string; author?: string; published?: string; site?: string; excerpt?: string };
}

const same = (got: string | undefined, want: string | null) => (want === null ? !got : got === want);

/** Extracts every corpus page as the extension does (jsdom, scripts never run) and scores it. */
export function runCorpus(dir = CORPUS_DIR): PageResult[] {
  const { pages } = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as { pages: Expected[] };
  return pages.map((page) => {
    const html = readFileSync(join(dir, page.file), 'utf8');
    const doc = new JSDOM(html, { url: page.url }).window.document;
    const clip = extractPage(doc, page.url);
    const text = clip.text ?? '';
    return {
      file: page.file,
      shape: page.shape,
      chinese: page.chinese,
      f1: textF1(text, page.paragraphs.join('\n')),
      title: squeeze(clip.title) === squeeze(page.title),
      byline: page.byline === undefined ? undefined : same(clip.author, page.byline),
      published: page.published === undefined ? undefined : same(clip.published, page.published),
      source: page.source === undefined ? undefined : clip.site === page.source,
      excerpt: page.excerpt === undefined ? undefined : excerptMatches(clip.excerpt, page.excerpt),
      missing: missingParagraphs(text, page.paragraphs),
      got: {
        title: clip.title,
        author: clip.author,
        published: clip.published,
        site: clip.site,
        excerpt: clip.excerpt,
      },
    };
  });
}

/** Share of scored pages where the field is right (1 when no page scores it). */
export function accuracy(results: PageResult[], field: 'title' | 'byline' | 'published' | 'source' | 'excerpt') {
  const scored = results.map((r) => r[field]).filter((v): v is boolean => v !== undefined);
  return scored.length ? scored.filter(Boolean).length / scored.length : 1;
}

export const meanF1 = (results: PageResult[]) => results.reduce((sum, r) => sum + r.f1, 0) / results.length;
