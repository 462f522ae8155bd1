import type { ClipPayload } from '../../../shared/api/extension';

export type { ClipKind, ClipPayload } from '../../../shared/api/extension';

/** What the extractor reads from a page (untrusted: it comes from the page). */
export interface PageExtract {
  url: string;
  canonicalUrl?: string;
  title: string;
  /** Where the text comes from: a portal's 来源, a WeChat account, else the site's name. */
  site?: string;
  author?: string;
  published?: string;
  excerpt?: string;
  /** Readable text of the main content. */
  text?: string;
  /** The main content's HTML, lazy images resolved; the server sanitises it again. */
  html?: string;
  /** The HTML was cut at a block boundary to fit the size cap; the text is whole. */
  htmlTrimmed?: boolean;
  selection?: string;
  imageUrl?: string;
  video?: ClipPayload['video'];
  /** Images whose real address sat in `data-src` and friends. */
  lazyImagesResolved: number;
}
