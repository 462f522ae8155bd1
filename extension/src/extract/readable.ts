/** Likely containers of the main content, most specific first (WeChat's `#js_content` is one). */
const CONTENT_SELECTORS = [
  '#js_content',
  '.rich_media_content',
  '[itemprop="articleBody"]',
  'article',
  '[role="main"]',
  'main',
  '.article-content',
  '.post-content',
  '.entry-content',
  '#content',
];
const JUNK =
  'script, style, noscript, iframe, object, embed, form, button, nav, aside, footer, header, svg, template, [hidden], [aria-hidden="true"]';
const LAZY_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-url', 'data-echo'];
const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, figcaption, td';

const textLength = (el: Element) => (el.textContent ?? '').replace(/\s+/g, '').length;

/** Text inside links over all text: navigation blocks score high, articles low. */
function linkDensity(el: Element): number {
  const total = textLength(el) || 1;
  let links = 0;
  for (const a of el.querySelectorAll('a')) links += textLength(a);
  return links / total;
}

/** The element holding the page's main content: a known container, else the block with the most paragraph text. */
export function mainContent(doc: Document): Element | undefined {
  for (const selector of CONTENT_SELECTORS) {
    const el = doc.querySelector(selector);
    if (el && textLength(el) > 80) return el;
  }
  let best: { el: Element; score: number } | undefined;
  for (const el of doc.querySelectorAll('div, section, td')) {
    let score = 0;
    for (const p of el.querySelectorAll(':scope > p')) score += textLength(p);
    score *= 1 - linkDensity(el);
    if (!best || score > best.score) best = { el, score };
  }
  return best && best.score > 0 ? best.el : (doc.body ?? undefined);
}

/** Moves lazy-loaded image addresses into `src` (in a copy, never on the live page); returns how many. */
export function resolveLazyImages(root: Element, baseUrl: string): number {
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

const collapse = (s: string) =>
  s
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();

/** The readable text: one paragraph per block element, or the whole text when there are no blocks. */
export function readableText(root: Element): string {
  const blocks = [...root.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(BLOCKS));
  const parts = blocks.map((el) => collapse(el.textContent ?? '')).filter(Boolean);
  return parts.length ? parts.join('\n\n') : collapse(root.textContent ?? '');
}

export interface Readable {
  text: string;
  html: string;
  excerpt: string;
  lazyImagesResolved: number;
  firstImage?: string;
}

export function extractReadable(doc: Document, baseUrl: string): Readable | undefined {
  const found = mainContent(doc);
  if (!found) return undefined;
  const copy = found.cloneNode(true) as Element;
  for (const junk of copy.querySelectorAll(JUNK)) junk.remove();
  const lazyImagesResolved = resolveLazyImages(copy, baseUrl);
  const text = readableText(copy);
  const firstImage = copy.querySelector('img[src]')?.getAttribute('src') ?? undefined;
  return {
    text,
    html: copy.innerHTML,
    excerpt: text.slice(0, 300),
    lazyImagesResolved,
    firstImage: firstImage && !firstImage.startsWith('data:') ? firstImage : undefined,
  };
}
