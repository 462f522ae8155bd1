const TRACKING = /^(utm_[a-z]+|ref|source|spm|from|share_source|share_medium|scene|srcid|sharer_[a-z]+|fbclid|gclid)$/i;

/**
 * The form under which "already saved" compares URLs: lower-case host without `www.`, no default port, no tracking
 * parameters (utm_*, ref, source, WeChat's scene/srcid…), sorted query, no fragment unless it is a SPA route
 * (`#/…` or `#!…`), no trailing slash. Not a valid URL to open: only a key.
 */
export function normalizeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return input.trim();
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const port = url.port ? `:${url.port}` : '';
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !TRACKING.test(k))
    .filter(([k]) => !(k === 't' && /(^|\.)(youtube\.com|youtu\.be)$/.test(host)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const hash = /^#(\/|!)/.test(url.hash) ? url.hash : '';
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  return `${url.protocol}//${host}${port}${path}${query}${hash}`;
}
