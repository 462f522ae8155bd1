/** What the extractor reads from a page (untrusted: it comes from the page). */
export interface PageExtract {
  url: string;
  canonicalUrl?: string;
  title: string;
  site?: string;
  author?: string;
  published?: string;
  excerpt?: string;
  /** Readable text of the main content. */
  text?: string;
  /** The main content's HTML, lazy images resolved; the server sanitises it again. */
  html?: string;
  selection?: string;
  imageUrl?: string;
  video?: { provider?: string; durationSeconds?: number; thumbnail?: string; currentTime?: number };
  /** Images whose real address sat in `data-src` and friends. */
  lazyImagesResolved: number;
}

export type ClipKind = 'page' | 'selection' | 'link' | 'image' | 'video';

/** The body of `POST /ext/v1/clips`. */
export interface ClipPayload {
  destination: 'library' | 'evidence';
  kind: ClipKind;
  url: string;
  title: string;
  site?: string;
  author?: string;
  published?: string;
  excerpt?: string;
  text?: string;
  html?: string;
  selection?: string;
  imageUrl?: string;
  /** The visible area as a `data:image/jpeg` URL (library clips only). */
  screenshot?: string;
  video?: PageExtract['video'];
  tags?: string[];
  abilityCode?: string;
  note?: string;
  evidence?: { abilityCode: string; slotId: string };
}
