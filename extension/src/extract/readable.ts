import { Readability } from '@mozilla/readability';
import { purifyContent } from './purify';
import { readableText } from './text';

/** Containers a script reveals late or that Readability misjudges; their content is the article as it stands. */
const FAST_PATHS = ['#js_content', '.rich_media_content'];
const LAZY_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-url', 'data-echo'];

/** Moves lazy-loaded image addresses into `src` (in a copy, never on the live page); returns how many. */
export function resolveLazyImages(root: ParentNode, baseUrl: string): number {
  let resolved = 0;
  for (const img of root.querySelectorAll('img')) {
    const lazy = LAZY_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && !v.startsWith('data:'));
    const current = img.getAttribute('src') ?? '';
    if (lazy && (!current || current.startsWith('data:') || /placeholder|blank|loading|spacer/i.test(current))) {
      try {
        img.setAttribute('src', new URL(lazy, baseUrl).href);
        resolved++;
      } catch {
        // An address that does not parse stays as it was.
      }
    }
    const srcset = img.getAttribute('data-srcset');
    if (srcset && !img.getAttribute('srcset')) img.setAttribute('srcset', srcset);
  }
  return resolved;
}

export interface Readable {
  text: string;
  html: string;
  /** True when the HTML was cut at an element boundary to fit the cap (the text is whole). */
  htmlTrimmed: boolean;
  excerpt?: string;
  title?: string;
  byline?: string;
  siteName?: string;
  published?: string;
  lazyImagesResolved: number;
  firstImage?: string;
}

const textLength = (el: Element) => (el.textContent ?? '').replace(/\s+/g, '').length;

/** Widgets that sit inside articles and that Readability keeps: sign-ups, share and print bars. */
const WIDGETS = ['newsletter', 'subscribe', 'signup', 'sign-up', 'share', 'print']
  .flatMap((w) => [`[class*="${w}" i]`, `[id*="${w}" i]`])
  .join(', ');

/** Removes short widgets from the copy (a long element that matches is content that happens to be named so). */
function dropWidgets(clone: Document) {
  for (const el of clone.querySelectorAll(WIDGETS)) if (el.isConnected && textLength(el) < 200) el.remove();
}

/**
 * A document holding only the fast-path container, so Readability keeps every wrapped `section`/`span` paragraph
 * instead of choosing one of them; undefined when the page has none.
 */
function fastPathDocument(clone: Document): Document | undefined {
  const found = FAST_PATHS.map((s) => clone.querySelector(s)).find((el) => el && textLength(el) > 20);
  if (!found) return undefined;
  const doc = clone.implementation.createHTMLDocument(clone.title);
  const article = doc.createElement('article');
  for (const child of [...found.childNodes]) article.append(doc.importNode(child, true));
  doc.body.append(article);
  return doc;
}

/**
 * Readability retries with looser rules, and in the end keeps its longest attempt, while the article holds fewer than
 * `charThreshold` characters (500 by default). That count is made for alphabetic text: 500 letters are about 90
 * words, which Chinese says in about 150 characters. So a short Chinese notice or blog post passed the default only
 * with its comments and sidebars attached. Pages in Chinese script get the threshold in Chinese measure; every other
 * page (Japanese, with its kana, included) keeps Readability's default.
 */
export function charThresholdFor(doc: Document): number {
  const text = (doc.body?.textContent ?? '').slice(0, 200_000);
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const kana = text.match(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const chinese = han >= 0.5 * letters && kana < 0.05 * han;
  return chinese ? 150 : 500;
}

/** The page's main content on a clone (Readability changes the tree it reads), sanitised and measured. */
export function extractReadable(doc: Document, baseUrl: string, maxHtmlBytes: number): Readable | undefined {
  const clone = doc.cloneNode(true) as Document;
  // WeChat hides the article until a script runs; the copy shows it so Readability does not drop it as hidden.
  for (const el of clone.querySelectorAll<HTMLElement>(FAST_PATHS.join(', '))) {
    el.style?.removeProperty('visibility');
    el.style?.removeProperty('opacity');
  }
  const lazyImagesResolved = resolveLazyImages(clone, baseUrl);
  dropWidgets(clone);
  const source = fastPathDocument(clone) ?? clone;
  const article = new Readability<Element>(source, {
    charThreshold: charThresholdFor(source),
    keepClasses: false,
    serializer: (el) => el as Element,
  }).parse();
  const content = article?.content ?? source.body;
  if (!content) return undefined;
  const { root, html, trimmed } = purifyContent(
    content,
    maxHtmlBytes,
    doc.defaultView ?? (globalThis as Window & typeof globalThis),
  );
  const text = readableText(root);
  if (!text) return undefined;
  const firstImage = root.querySelector('img[src]')?.getAttribute('src') ?? undefined;
  return {
    text,
    html,
    htmlTrimmed: trimmed,
    excerpt: article?.excerpt?.trim() || undefined,
    title: article?.title?.trim() || undefined,
    byline: article?.byline?.trim() || undefined,
    siteName: article?.siteName?.trim() || undefined,
    published: article?.publishedTime?.trim() || undefined,
    lazyImagesResolved,
    firstImage: firstImage && !firstImage.startsWith('data:') ? firstImage : undefined,
  };
}
