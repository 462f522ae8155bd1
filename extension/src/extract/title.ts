const SEPARATOR = String.raw`\s*(?:[|｜\-_–—·•:：»]|-{2}|_{2})\s*`;
// A colon introduces a subtitle (`标题：副标题`), never a portal's name, so it does not separate a trail.
const TRAIL = String.raw`\s*(?:[|｜\-_–—·•»]|-{2}|_{2})\s*`;
const SEPARATOR_START = new RegExp(`^${TRAIL}`);
const SEPARATOR_END = new RegExp(`${TRAIL}$`);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * The title without a site's name before or after a separator (`文章 - 教育部`, `教育部｜文章`), when that name is
 * known. A title that is nothing but the site name stays as it is.
 */
export function stripSiteName(title: string, siteNames: (string | undefined)[]): string {
  let result = title.trim();
  for (const name of siteNames) {
    const site = name?.trim();
    if (!site || site === result) continue;
    const suffix = new RegExp(`${SEPARATOR}${escape(site)}\\s*$`);
    const prefix = new RegExp(`^\\s*${escape(site)}${SEPARATOR}`);
    const stripped = result.replace(suffix, '').replace(prefix, '').trim();
    if (stripped) result = stripped;
  }
  return result;
}

/**
 * Readability's title when the document title is it plus a trail after a separator (`文章 – 网站`): Readability cuts
 * the trail of a `<title>` by its own rules; a title from a meta tag is kept as the site wrote it.
 */
export function titleWithoutTrail(title: string, readabilityTitle: string | undefined): string {
  const full = clean(title);
  const short = clean(readabilityTitle);
  if (short.length < 4 || short.length >= full.length || !full.startsWith(short)) return full;
  return SEPARATOR_START.test(full.slice(short.length)) ? short : full;
}

/**
 * The page's own heading when the document title is that heading plus portal names after (or before) separators
 * (`文章-某某区教育局`, `文章 - 作者的博客 - 博客园`, `文章_资源中心_平台`): portals rarely say their name in a meta tag,
 * but their article heading is the title without the trail.
 */
export function titleFromHeading(title: string, doc: Document): string {
  const full = clean(title);
  for (const el of [...doc.querySelectorAll('h1, h2')].slice(0, 20)) {
    const heading = clean(el.textContent);
    if (heading.length < 4 || heading.length >= full.length) continue;
    if (full.startsWith(heading) && SEPARATOR_START.test(full.slice(heading.length))) return heading;
    if (full.endsWith(heading) && SEPARATOR_END.test(full.slice(0, full.length - heading.length))) return heading;
  }
  return full;
}
