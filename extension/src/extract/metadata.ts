/** Page metadata from OpenGraph, schema.org JSON-LD (with `@graph`), Twitter cards, `citation_*` and plain meta. */
export interface PageMetadata {
  title?: string;
  canonicalUrl?: string;
  site?: string;
  author?: string;
  published?: string;
  description?: string;
  image?: string;
  type?: string;
  /** schema.org objects found in JSON-LD, flattened. */
  jsonLd: Record<string, unknown>[];
}

const meta = (doc: Document, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`);
    const value = el?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return undefined;
};

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

export function readMetadata(doc: Document, pageUrl: string): PageMetadata {
  const jsonLd = readJsonLd(doc);
  const main = jsonLd.find((o) => isType(o, ...ARTICLE_TYPES));
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const canonicalHref = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url');
  let canonicalUrl: string | undefined;
  try {
    canonicalUrl = canonicalHref ? new URL(canonicalHref, pageUrl).href : undefined;
  } catch {
    canonicalUrl = undefined;
  }
  const image = meta(doc, 'og:image', 'twitter:image') ?? str(main?.thumbnailUrl) ?? nameOf(main?.image);
  return {
    title:
      meta(doc, 'og:title', 'twitter:title', 'citation_title') ??
      str(main?.headline) ??
      str(main?.name) ??
      (doc.querySelector('title')?.textContent?.trim() || undefined),
    canonicalUrl,
    site: meta(doc, 'og:site_name', 'application-name') ?? nameOf(main?.publisher),
    author:
      nameOf(main?.author) ??
      meta(doc, 'author', 'article:author', 'citation_author', 'twitter:creator') ??
      (doc.querySelector('[rel="author"], .author, #js_name')?.textContent?.trim() || undefined),
    published:
      str(main?.datePublished) ??
      str(main?.uploadDate) ??
      meta(doc, 'article:published_time', 'citation_publication_date', 'pubdate', 'date') ??
      (doc.querySelector('time[datetime]')?.getAttribute('datetime') || undefined),
    description: meta(doc, 'og:description', 'description', 'twitter:description') ?? str(main?.description),
    image: image ? absolute(image, pageUrl) : undefined,
    type: meta(doc, 'og:type'),
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
