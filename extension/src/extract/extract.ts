import { CLIP_LIMITS } from '../../../shared/api/extension-limits';
import type { PageExtract } from '../common/clip';
import { asByline, readMetadata } from './metadata';
import { extractReadable } from './readable';
import { tidyText } from './text';
import { stripSiteName, titleFromHeading, titleWithoutTrail } from './title';
import { detectVideo } from './video';

/** Caps that keep a message and a request inside the server's (HTML in UTF-8 bytes, with room to spare). */
export const EXTRACT_LIMITS = {
  textChars: 150_000,
  htmlBytes: CLIP_LIMITS.htmlBytes - 16 * 1024,
  selectionChars: 40_000,
};

/** Everything a clip needs from a page. Pure over a Document (it reads a clone), so it runs on fixtures in tests. */
export function extractPage(doc: Document, pageUrl: string, selection?: string): PageExtract {
  const metadata = readMetadata(doc, pageUrl);
  const readable = extractReadable(doc, pageUrl, EXTRACT_LIMITS.htmlBytes);
  const video = detectVideo(doc, pageUrl, metadata);
  const site = metadata.site ?? readable?.siteName;
  const rawTitle = metadata.title ?? readable?.title ?? pageUrl;
  const fromTitleTag = rawTitle === doc.querySelector('title')?.textContent?.trim();
  const byHeading = titleFromHeading(rawTitle, doc);
  const trimmed = fromTitleTag && byHeading === rawTitle ? titleWithoutTrail(rawTitle, readable?.title) : byHeading;
  const title = stripSiteName(trimmed, [site, metadata.source, hostOf(pageUrl)]);
  const firstImage = readable?.firstImage;
  const text = readable ? tidyText(readable.text, title) : undefined;
  return {
    url: pageUrl,
    canonicalUrl: metadata.canonicalUrl,
    title: title.slice(0, 500),
    site: (metadata.source ?? site ?? hostOf(pageUrl))?.slice(0, 200),
    author: (metadata.author ?? asByline(readable?.byline))?.slice(0, 200),
    published: (metadata.published ?? readable?.published)?.slice(0, 100),
    excerpt: oneLine(metadata.description ?? text?.split('\n\n').find((p) => p.length >= 15) ?? text)?.slice(0, 300),
    text: text?.slice(0, EXTRACT_LIMITS.textChars),
    html: readable?.html,
    htmlTrimmed: readable?.htmlTrimmed || undefined,
    selection: selection?.trim() ? selection.trim().slice(0, EXTRACT_LIMITS.selectionChars) : undefined,
    imageUrl: metadata.image ?? (firstImage ? new URL(firstImage, pageUrl).href : undefined),
    video,
    lazyImagesResolved: readable?.lazyImagesResolved ?? 0,
  };
}

/** Excerpts are shown on one line: source indentation and paragraph breaks are not part of them. */
const oneLine = (s: string | undefined) => s?.replace(/\s+/g, ' ').trim() || undefined;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
