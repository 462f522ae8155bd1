import type { Plugin } from 'vite';

/** One rewrite of a dependency's `innerHTML` write: the file, the exact source, its DOM-only replacement. */
interface Rewrite {
  file: RegExp;
  pattern: RegExp;
  replace: string;
}

/**
 * The extension never writes markup strings into a document (page content is untrusted), and `web-ext lint` flags
 * every such write. Each dependency's writes become DOM operations doing the same thing; the build fails when a
 * dependency upgrade moves one, so none slips through unreviewed.
 */
const REWRITES: Rewrite[] = [
  // Preact's `dangerouslySetInnerHTML` path: anything passed there shows as text.
  {
    file: /[\\/]preact[\\/]dist[\\/]preact\.m?js$/,
    pattern: /(\w+)\.innerHTML=(\w+)\.__html/g,
    replace: '$1.textContent=$2.__html',
  },
  // Readability caches the page to retry with looser rules: keep a cloned tree instead of its markup.
  {
    file: /[\\/]@mozilla[\\/]readability[\\/]Readability\.js$/,
    pattern: /var pageCacheHtml = page\.innerHTML;/g,
    replace: 'var pageCacheNodes = page.cloneNode(true);',
  },
  {
    file: /[\\/]@mozilla[\\/]readability[\\/]Readability\.js$/,
    pattern: /page\.innerHTML = pageCacheHtml;/g,
    replace: 'page.replaceChildren(...pageCacheNodes.cloneNode(true).childNodes);',
  },
  // A <noscript> image fallback is parsed in an inert document, then moved over as nodes.
  {
    file: /[\\/]@mozilla[\\/]readability[\\/]Readability\.js$/,
    pattern: /tmp\.innerHTML = noscript\.innerHTML;/g,
    replace:
      'tmp.replaceChildren(...new DOMParser().parseFromString(noscript.innerHTML, "text/html").body.childNodes);',
  },
  // DOMPurify's fallback for a browser without DOMParser; the extractor only hands it nodes, and every browser the
  // extension supports has DOMParser, so the fallback refuses instead of parsing a string.
  {
    file: /[\\/]dompurify[\\/]dist[\\/]purify\.es\.mjs$/,
    pattern: /doc\.documentElement\.innerHTML = IS_EMPTY_INPUT \? emptyHTML : dirtyPayload;/g,
    replace: 'throw new Error("DOMParser unavailable");',
  },
];

export function noInnerHtml(): Plugin {
  return {
    name: 'extension-no-inner-html',
    transform(code, id) {
      const rewrites = REWRITES.filter((r) => r.file.test(id));
      if (!rewrites.length) return undefined;
      let out = code;
      for (const r of rewrites) {
        const count = out.match(r.pattern)?.length ?? 0;
        if (count !== 1) throw new Error(`expected one ${String(r.pattern)} in ${id}, found ${count}`);
        out = out.replace(r.pattern, r.replace);
      }
      return { code: out, map: null };
    },
  };
}
