import { browser, type Tab } from '../common/browser';
import type { ClipPayload } from '../common/clip';
import { extractTab } from './capture';

export const MENU_IDS = ['clip-page', 'clip-selection', 'clip-link', 'clip-image'] as const;
const CONTEXTS: Record<(typeof MENU_IDS)[number], string> = {
  'clip-page': 'page',
  'clip-selection': 'selection',
  'clip-link': 'link',
  'clip-image': 'image',
};

/** Recreated on every worker start (removeAll first: ids must not collide). */
export async function setupMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  for (const id of MENU_IDS) {
    browser.contextMenus.create({
      id,
      title: browser.i18n.getMessage(`menu_${id.replace('-', '_')}`) || id,
      contexts: [CONTEXTS[id]],
    });
  }
}

/** A quick clip into the library from a menu or the keyboard command. */
export async function quickClip(
  what: { menuItemId: string | number; selectionText?: string; linkUrl?: string; srcUrl?: string; pageUrl?: string },
  tab: Tab | undefined,
): Promise<ClipPayload | undefined> {
  const pageUrl = what.pageUrl ?? tab?.url;
  if (what.menuItemId === 'clip-link' && what.linkUrl) {
    return { destination: 'library', kind: 'link', url: what.linkUrl, title: what.linkUrl, tags: [] };
  }
  const extracted = tab?.id !== undefined ? await extractTab(tab.id) : undefined;
  const page = extracted?.ok ? extracted.page : undefined;
  const url = page?.canonicalUrl ?? page?.url ?? pageUrl;
  if (!url || !/^https?:/.test(url)) return undefined;
  const base: ClipPayload = {
    destination: 'library',
    kind: 'page',
    url,
    title: page?.title ?? tab?.title ?? url,
    site: page?.site,
    author: page?.author,
    published: page?.published,
    excerpt: page?.excerpt,
    tags: [],
  };
  if (what.menuItemId === 'clip-image' && what.srcUrl && /^https?:/.test(what.srcUrl)) {
    return { ...base, kind: 'image', imageUrl: what.srcUrl };
  }
  if (what.menuItemId === 'clip-selection') {
    return { ...base, kind: 'selection', selection: what.selectionText ?? page?.selection };
  }
  return {
    ...base,
    kind: page?.video ? 'video' : 'page',
    text: page?.text,
    html: page?.html,
    imageUrl: page?.imageUrl,
    video: page?.video,
  };
}
