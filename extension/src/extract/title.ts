const SEPARATOR = String.raw`\s*(?:[|｜\-_–—·•:：»]|-{2}|_{2})\s*`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
