/**
 * The allow-list HTML sanitiser for clipped pages, run on the server whatever the extension already did. It stands on
 * `sanitize-html` (htmlparser2 underneath: a real HTML tokenizer and tree, maintained, widely used) rather than on
 * regular expressions: every kept tag is rebuilt from its name and allowed attributes, text is re-escaped, dangerous
 * elements go with their content, and every URL is judged after the parser decoded its character references.
 */
import sanitize from 'sanitize-html';

const ALLOWED_TAGS = [
  'a', 'abbr', 'article', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'dd', 'del', 'div', 'dl', 'dt', 'em',
  'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p',
  'pre', 'q', 's', 'section', 'small', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'time', 'tr', 'u', 'ul',
]; // prettier-ignore

/** Dropped together with everything inside them (sanitize-html keeps the text of other refused tags). */
const DROP_WITH_CONTENT = [
  'script', 'style', 'iframe', 'object', 'embed', 'form', 'template', 'noscript', 'svg', 'math', 'textarea', 'select',
  'button', 'frameset', 'frame', 'applet', 'title', 'head', 'xmp', 'noembed', 'noframes', 'plaintext', 'option',
]; // prettier-ignore

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  // rel and target are set by transformTags below, never taken from the page.
  a: ['href', 'title', 'rel', 'target'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  time: ['datetime'],
  ol: ['start'],
  '*': ['lang', 'dir'],
};

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,/i;
const MAX_DATA_IMAGE = 256 * 1024;

/** Absolute http(s) URLs only (relative ones resolved against the page); `data:` images up to 256 KiB. */
export function safeUrl(raw: string, base: string | undefined, attr: 'href' | 'src'): string | undefined {
  // Browsers ignore whitespace and control characters inside a scheme: strip them before judging it.
  const value = [...raw].filter((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) !== 0x7f).join('');
  if (attr === 'src' && DATA_IMAGE.test(value)) return value.length <= MAX_DATA_IMAGE ? value : undefined;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  const allowed =
    url.protocol === 'http:' || url.protocol === 'https:' || (attr === 'href' && url.protocol === 'mailto:');
  return allowed ? url.href : undefined;
}

/** Replaces a URL attribute by its safe absolute form, or removes it. */
function withSafeUrl(attribs: Record<string, string>, attr: 'href' | 'src', base: string | undefined) {
  const out = { ...attribs };
  const raw = out[attr];
  delete out[attr];
  const safe = raw === undefined ? undefined : safeUrl(raw, base, attr);
  if (safe !== undefined) out[attr] = safe;
  return out;
}

export function sanitizeHtml(html: string, baseUrl?: string): string {
  return sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    nonTextTags: DROP_WITH_CONTENT,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    // Our safeUrl has already judged every URL; the library's own scheme check is a second line.
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => {
        const { rel: _rel, target: _target, ...rest } = withSafeUrl(attribs, 'href', baseUrl);
        const linked =
          rest.href === undefined ? rest : { ...rest, rel: 'noopener noreferrer nofollow', target: '_blank' };
        return { tagName, attribs: linked };
      },
      img: (tagName, attribs) => ({ tagName, attribs: withSafeUrl(attribs, 'src', baseUrl) }),
    },
  });
}
