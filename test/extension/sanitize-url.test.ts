import { describe, expect, it } from 'vitest';
import { normalizeUrl } from '../../lti-tool/server/services/extension/normalize-url';
import { sanitizeHtml, safeUrl } from '../../lti-tool/server/services/extension/sanitize-html';

describe('normalizeUrl', () => {
  it('drops www, default ports, tracking parameters, fragments and trailing slashes; sorts the query', () => {
    expect(normalizeUrl('https://WWW.Example.cn:443/a/b/?b=2&utm_source=x&a=1#section')).toBe(
      'https://example.cn/a/b?a=1&b=2',
    );
    expect(normalizeUrl('https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=abc&scene=21')).toBe(
      'https://mp.weixin.qq.com/s?__biz=MzA&idx=1&mid=1&sn=abc',
    );
    expect(normalizeUrl('https://www.youtube.com/watch?v=abc&t=42')).toBe('https://youtube.com/watch?v=abc');
  });

  it('keeps SPA routes in the fragment', () => {
    expect(normalizeUrl('https://app.example.cn/#/lesson/3')).toBe('https://app.example.cn#/lesson/3');
  });
});

describe('sanitizeHtml', () => {
  it('keeps allowed structure, rebuilds attributes and escapes text', () => {
    expect(sanitizeHtml('<h2 class="x" id="y">标题</h2><p>a &lt; b &amp; c</p>')).toBe(
      '<h2>标题</h2><p>a &lt; b &amp; c</p>',
    );
    expect(sanitizeHtml('<a href="https://e.cn" title=\'t"q\'>x</a>')).toBe(
      '<a title="t&quot;q" href="https://e.cn/" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });

  it('drops dangerous elements with their content, handlers and script URLs', () => {
    const out = sanitizeHtml(
      '<div><svg><script>x</script></svg><noscript><img src=x onerror=alert(1)></noscript>ok<b onmouseover="x">b</b>' +
        '<a href="&#x6A;avascript:alert(1)">j</a><a href="java\tscript:alert(1)">t</a><img src="data:text/html;base64,xx"></div>',
    );
    expect(out).toBe('<div>ok<b>b</b><a>j</a><a>t</a><img /></div>');
  });

  it('closes what was left open and ignores stray closing tags', () => {
    // A parser closes an <li> where the next one opens, as browsers do.
    expect(sanitizeHtml('<ul><li>one<li>two</ul></div><p>x')).toBe('<ul><li>one</li><li>two</li></ul><p>x</p>');
  });

  it('treats a lone < as text and drops comments and doctypes', () => {
    expect(sanitizeHtml('<!doctype html><!-- <script> -->1 < 2')).toBe('1 &lt; 2');
  });
});

describe('safeUrl', () => {
  it('resolves relative URLs and refuses other schemes', () => {
    expect(safeUrl('img/a.png', 'https://e.cn/p/q', 'src')).toBe('https://e.cn/p/img/a.png');
    expect(safeUrl('mailto:a@e.cn', undefined, 'href')).toBe('mailto:a@e.cn');
    expect(safeUrl('mailto:a@e.cn', undefined, 'src')).toBeUndefined();
    expect(safeUrl('vbscript:x', undefined, 'href')).toBeUndefined();
    expect(safeUrl('data:image/png;base64,AAAA', undefined, 'src')).toBe('data:image/png;base64,AAAA');
  });

  it('judges a URL after its character references are decoded, and drops a rel or target the page set', () => {
    expect(sanitizeHtml('<a href="&#106;&#x61;vascript:alert(1)" target="_top">x</a>')).toBe('<a>x</a>');
    expect(sanitizeHtml('<a href="/p?a=1&amp;b=2" rel="opener">x</a>', 'https://e.cn/q')).toBe(
      '<a href="https://e.cn/p?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });
});
