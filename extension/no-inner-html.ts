import type { Plugin } from 'vite';

/**
 * The extension never renders HTML from strings (page content is untrusted), so Preact's one `innerHTML` write, the
 * `dangerouslySetInnerHTML` path, becomes a `textContent` write: anything passed there shows as text. This also keeps
 * `web-ext lint` free of UNSAFE_VAR_ASSIGNMENT. The build fails if a Preact upgrade moves the line.
 */
export function noInnerHtml(): Plugin {
  return {
    name: 'extension-no-inner-html',
    transform(code, id) {
      if (!/[\\/]preact[\\/]dist[\\/]preact\.m?js$/.test(id)) return undefined;
      const pattern = /(\w+)\.innerHTML=(\w+)\.__html/g;
      const count = code.match(pattern)?.length ?? 0;
      if (count !== 1) throw new Error(`expected one innerHTML write in ${id}, found ${count}`);
      return { code: code.replace(pattern, '$1.textContent=$2.__html'), map: null };
    },
  };
}
