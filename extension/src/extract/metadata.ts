import { portalLine, readWeChat } from './metadata-cn';

/** Page metadata from OpenGraph, schema.org JSON-LD (with `@graph`), Twitter cards, `citation_*` and plain meta. */
export interface PageMetadata {
  title?: string;
  canonicalUrl?: string;
  site?: string;
  /** Where the text comes from (`ContentSource`, a WeChat account, a 来源 line). */
  source?: string;
  author?: string;
  published?: string;
  description?: string;
  image?: string;
  type?: string;
  /** schema.org objects found in JSON-LD, flattened. */
  jsonLd: Record<string, unknown>[];
}

/** Every `<meta>` value by its lower-cased name, property or itemprop (`Description` and `description` alike). */
export function metaTags(doc: Document): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of doc.querySelectorAll('meta[content]')) {
    const value = el.getAttribute('content')?.trim();
    if (!value) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      // One tag may name several properties (`property="og:title twitter:title"`).
      for (const key of el.getAttribute(attr)?.trim().toLowerCase().split(/\s+/) ?? [])
        if (key && !out.has(key)) out.set(key, value);
    }
  }
  return out;
}

function flatten(node: unknown, out: Record<string, unknown>[]) {
  if (Array.isArray(node)) for (const n of node) flatten(n, out);
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (obj['@graph']) flatten(obj['@graph'], out);
    if (obj['@type']) out.push(obj);
  }
}

export function readJsonLd(doc: Document): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      flatten(JSON.parse(script.textContent ?? ''), out);
    } catch {
      // A broken JSON-LD block is common; the other sources still count.
    }
  }
  return out;
}

const typesOf = (o: Record<string, unknown>) => ([] as unknown[]).concat(o['@type']).map(String);

export const isType = (o: Record<string, unknown>, ...types: string[]) => typesOf(o).some((t) => types.includes(t));

/** A schema.org name: a string, or an object (or list of them) with `name`. */
export function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value))
    return (
      value
        .map(nameOf)
        .filter((v): v is string => !!v)
        .join(', ') || undefined
    );
  if (value && typeof value === 'object') return nameOf((value as Record<string, unknown>).name);
  return undefined;
}

const ARTICLE_TYPES = ['Article', 'NewsArticle', 'BlogPosting', 'ScholarlyArticle', 'Report', 'WebPage', 'VideoObject'];

// 文/作者 only with their separator: 文静 is a name.
const BYLINE_LEAD = /^(?:(?:written )?by\s+|(?:作者|文|撰文|文字|记者)\s*[:：/／|]\s*)/i;
/** Where a profile box goes on after the name: counts, follow buttons, a date. */
const BYLINE_TRAIL = /\s*(?:粉丝|关注|阅读|评论|发布于|发表于|posted|[|｜·•]|\d{4}[-/年.]).*$/i;

/**
 * A byline is a name: "By Jane Doe" gives Jane Doe, a profile box gives the name before its counts; a `@handle`, a
 * profile address or a paragraph of biography is not one.
 */
export function asByline(value: string | undefined): string | undefined {
  const name = value?.replace(/\s+/g, ' ').trim().replace(BYLINE_LEAD, '').replace(BYLINE_TRAIL, '').trim();
  if (!name || name.length > 40 || /^@|^https?:\/\/|^www\./i.test(name) || /[。；;]/.test(name)) return undefined;
  return name;
}

export function readMetadata(doc: Document, pageUrl: string): PageMetadata {
  const tags = metaTags(doc);
  const meta = (...keys: string[]) => keys.map((k) => tags.get(k)).find((v) => v !== undefined);
  const jsonLd = readJsonLd(doc);
  const main = jsonLd.find((o) => isType(o, ...ARTICLE_TYPES));
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const canonicalHref = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url');
  const image = meta('og:image', 'twitter:image') ?? str(main?.thumbnailUrl) ?? nameOf(main?.image);
  const wechat = readWeChat(doc);
  return {
    title:
      meta('articletitle', 'dc:title', 'dcterm:title', 'og:title', 'twitter:title', 'citation_title') ??
      str(main?.headline) ??
      str(main?.name) ??
      (doc.querySelector('title')?.textContent?.trim() || undefined),
    canonicalUrl: canonicalHref ? absolute(canonicalHref, pageUrl) : undefined,
    site: meta('og:site_name', 'sitename', 'application-name') ?? nameOf(main?.publisher) ?? wechat.account,
    source: meta('contentsource') ?? wechat.account ?? portalLine(doc).source,
    author:
      asByline(nameOf(main?.author)) ??
      [meta('author'), meta('article:author'), meta('citation_author'), meta('twitter:creator')]
        .map(asByline)
        .find(Boolean) ??
      wechat.author ??
      [...doc.querySelectorAll('[rel="author"], .author')].map((el) => asByline(el.textContent ?? '')).find(Boolean),
    published:
      str(main?.datePublished) ??
      str(main?.uploadDate) ??
      meta('article:published_time', 'pubdate', 'publishdate', 'citation_publication_date', 'date') ??
      wechat.published ??
      (doc.querySelector('time[datetime]')?.getAttribute('datetime') || undefined) ??
      portalLine(doc).published,
    description: meta('og:description', 'description', 'twitter:description') ?? str(main?.description),
    image: image ? absolute(image, pageUrl) : undefined,
    type: meta('og:type'),
    jsonLd,
  };
}

export function absolute(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}
