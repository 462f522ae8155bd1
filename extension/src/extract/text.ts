const BLOCKS = new Set(
  'address article aside blockquote dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg']);

const collapse = (s: string) =>
  s
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();

/**
 * The readable text: a paragraph per block element (text directly inside a `div` beside other blocks counts too), a
 * line break per `<br>`. Source formatting whitespace never becomes a break.
 */
export function readableText(root: Element): string {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    const text = collapse(current);
    if (text) parts.push(text);
    current = '';
  };
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) current += (child.textContent ?? '').replace(/[\s\u00a0]+/g, ' ');
      if (child.nodeType !== 1) continue;
      const tag = (child as Element).tagName.toLowerCase();
      if (tag === 'br') current += '\n';
      else if (SKIPPED.has(tag)) continue;
      else if (BLOCKS.has(tag)) {
        flush();
        walk(child);
        flush();
      } else walk(child);
    }
  };
  walk(root);
  flush();
  return parts.join('\n\n');
}
