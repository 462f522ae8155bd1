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

/** A portal's byline row (来源：… 发布时间：…) or a row of page actions (【打印本页】【关闭窗口】): metadata and chrome. */
const INFO_LINE = /^(?:(?:信息|稿件|文章)?来源|发布(?:时间|日期)|作者|编辑|责任编辑|点击数?|浏览次数)\s*[:：]/;
const ACTION_LINE = /^(?:\s*[【[]\s*[^【】[\]]{1,8}\s*[】\]]\s*)+$/;

/**
 * The readable text without what is not the article: the title repeated as the first paragraph, a portal's info line
 * near the top, a closing row of bracketed page actions.
 */
export function tidyText(text: string, title: string): string {
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  const paragraphs = text.split('\n\n');
  const kept = paragraphs.filter((p, i) => {
    if (i === 0 && squeeze(p) === squeeze(title)) return false;
    if (i < 3 && INFO_LINE.test(p) && p.length < 120) return false;
    return !ACTION_LINE.test(p);
  });
  return kept.join('\n\n');
}
