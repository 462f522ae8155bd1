/**
 * An allow-list HTML sanitiser for clipped pages, run on the server whatever the extension already did. It is a
 * tokenizer, not a parser: every tag it keeps is rebuilt from its name and allowed attributes (values re-escaped),
 * text is re-escaped, everything else is dropped. The content of dangerous elements is dropped with them.
 */

const ALLOWED_TAGS = new Set([
  'a',
  'abbr',
  'article',
  'b',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'section',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
]);
const VOID_TAGS = new Set(['br', 'hr', 'img']);
/** Dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'template',
  'noscript',
  'svg',
  'math',
  'textarea',
  'select',
  'button',
  'frameset',
  'frame',
  'applet',
  'title',
  'head',
  'xmp',
  'noembed',
  'noframes',
  'plaintext',
]);
const ALLOWED_ATTRS: Record<string, Set<string>> = {
  a: new Set(['href', 'title']),
  img: new Set(['src', 'alt', 'title', 'width', 'height']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan', 'scope']),
  time: new Set(['datetime']),
  ol: new Set(['start']),
  '*': new Set(['lang', 'dir']),
};
const URL_ATTRS = new Set(['href', 'src']);

const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
};

/** Decodes character references, so `&#106;avascript:` is seen for what it is. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** Absolute http(s) URLs only (relative ones resolved against the page); `data:` images up to 256 KiB. */
export function safeUrl(raw: string, base: string | undefined, attr: string): string | undefined {
  // Browsers ignore whitespace and control characters inside a scheme: strip them before judging it.
  const value = [...decodeEntities(raw)].filter((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) !== 0x7f).join('');
  if (attr === 'src' && /^data:image\/(png|jpeg|gif|webp);base64,/i.test(value)) {
    return value.length <= 256 * 1024 ? value : undefined;
  }
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && !(attr === 'href' && url.protocol === 'mailto:')) {
    return undefined;
  }
  return url.href;
}

export function sanitizeHtml(html: string, baseUrl?: string): string {
  let out = '';
  const open: string[] = [];
  let dropping: string | undefined;
  let dropDepth = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) {
      if (!dropping) out += escapeText(decodeEntities(html.slice(i, textEnd)));
      i = textEnd;
      continue;
    }
    // At a '<'.
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<!', i) || html.startsWith('<?', i)) {
      const end = html.indexOf('>', i);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const match = TAG.exec(html.slice(i));
    if (!match) {
      if (!dropping) out += '&lt;';
      i += 1;
      continue;
    }
    i += match[0].length;
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    if (dropping) {
      if (name === dropping) dropDepth += closing ? -1 : 1;
      if (dropDepth === 0) dropping = undefined;
      continue;
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing && match[4] !== '/') {
        dropping = name;
        dropDepth = 1;
      }
      continue;
    }
    if (!ALLOWED_TAGS.has(name)) continue;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at === -1) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    out += `<${name}${attributes(name, match[3] ?? '', baseUrl)}>`;
    if (!VOID_TAGS.has(name)) open.push(name);
  }
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

function attributes(tag: string, source: string, baseUrl: string | undefined): string {
  const allowed = ALLOWED_ATTRS[tag];
  let out = '';
  const seen = new Set<string>();
  for (const m of source.matchAll(ATTR)) {
    const name = (m[1] ?? '').toLowerCase();
    if (seen.has(name) || !(allowed?.has(name) || ALLOWED_ATTRS['*']?.has(name))) continue;
    seen.add(name);
    const raw = m[2] ?? m[3] ?? m[4] ?? '';
    const value = URL_ATTRS.has(name) ? safeUrl(raw, baseUrl, name) : decodeEntities(raw);
    if (value === undefined) continue;
    out += ` ${name}="${escapeAttr(value)}"`;
  }
  if (tag === 'a' && out.includes(' href="')) out += ' rel="noopener noreferrer nofollow" target="_blank"';
  return out;
}
