import type { PageExtract } from '../common/clip';
import { readMetadata } from './metadata';
import { extractReadable } from './readable';
import { detectVideo } from './video';

/** Caps that keep a message and a request small; the server enforces its own. */
export const EXTRACT_LIMITS = { textChars: 150_000, htmlChars: 400_000, selectionChars: 40_000 };

/** Everything a clip needs from a page. Pure over a Document, so it runs on fixtures in tests. */
export function extractPage(doc: Document, pageUrl: string, selection?: string): PageExtract {
  const metadata = readMetadata(doc, pageUrl);
  const readable = extractReadable(doc, pageUrl);
  const video = detectVideo(doc, pageUrl, metadata);
  const html = readable?.html;
  return {
    url: pageUrl,
    canonicalUrl: metadata.canonicalUrl,
    title: (metadata.title ?? pageUrl).slice(0, 500),
    site: metadata.site ?? hostOf(pageUrl),
    author: metadata.author?.slice(0, 200),
    published: metadata.published?.slice(0, 100),
    excerpt: (metadata.description ?? readable?.excerpt)?.slice(0, 2000),
    text: readable?.text.slice(0, EXTRACT_LIMITS.textChars),
    html: html && html.length <= EXTRACT_LIMITS.htmlChars ? html : undefined,
    selection: selection?.trim() ? selection.trim().slice(0, EXTRACT_LIMITS.selectionChars) : undefined,
    imageUrl: metadata.image ?? readable?.firstImage,
    video,
    lazyImagesResolved: readable?.lazyImagesResolved ?? 0,
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
