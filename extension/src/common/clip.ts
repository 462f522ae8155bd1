import type { ClipPayload } from '../../../shared/api/extension';

export type { ClipKind, ClipPayload } from '../../../shared/api/extension';

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
  video?: ClipPayload['video'];
  /** Images whose real address sat in `data-src` and friends. */
  lazyImagesResolved: number;
}
