import { JSDOM } from 'jsdom';

/** A saved page as a browser would hold it (jsdom: Readability's and DOMPurify's own test DOM), scripts never run. */
export function pageDocument(html: string, url = 'https://example.cn/'): Document {
  return new JSDOM(html, { url }).window.document;
}
