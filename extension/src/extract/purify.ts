import createDOMPurify from 'dompurify';

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * The content as a sanitised element of its own document, and its HTML. DOMPurify works on the node and hands back a
 * fragment (RETURN_DOM_FRAGMENT), so no markup string is ever written into a document here. Past the byte cap the HTML
 * keeps whole top-level blocks up to the cap rather than being dropped; the caller reads the text from the full root.
 */
export function purifyContent(
  content: Element,
  maxBytes: number,
  window: Window & typeof globalThis,
): { root: Element; html: string; trimmed: boolean } {
  const doc = content.ownerDocument;
  const purify = createDOMPurify(window);
  const fragment = purify.sanitize(content, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
    FORBID_ATTR: ['style'],
  });
  const root = doc.createElement('div');
  root.append(doc.importNode(fragment, true));
  const html = root.innerHTML;
  if (utf8Bytes(html) <= maxBytes) return { root, html, trimmed: false };
  return { root, html: trimmedHtml(root, maxBytes), trimmed: true };
}

/** Whole top-level blocks, in order, while they fit; a single oversized block is skipped, not cut mid-tag. */
function trimmedHtml(root: Element, maxBytes: number): string {
  const parts: string[] = [];
  let used = 0;
  for (const node of root.childNodes) {
    const piece = node.nodeType === 1 ? (node as Element).outerHTML : escapeText(node.textContent ?? '');
    const size = utf8Bytes(piece);
    if (used + size > maxBytes) break;
    parts.push(piece);
    used += size;
  }
  return parts.join('');
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
