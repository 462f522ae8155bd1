import { browser, type Tab } from '../common/browser';
import type { ClipPayload } from '../common/clip';
import { collectPayload, readCollectTarget } from '../common/collect';
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
  if (await readCollectTarget(browser.storage.local)) {
    browser.contextMenus.create({
      id: COLLECT_MENU,
      title: browser.i18n.getMessage('menu_collect_page') || COLLECT_MENU,
      contexts: ['page', 'selection'],
    });
  }
}

export const COLLECT_MENU = 'collect-page';

/**
 * The page (or its selection) into the side panel's gathering slot. The page menu is a user gesture, so the page can
 * be read here even where the side panel's own button may not; without a slot chosen nothing is queued.
 */
export async function collectClip(
  what: { selectionText?: string; pageUrl?: string },
  tab: Tab | undefined,
): Promise<ClipPayload | undefined> {
  const target = await readCollectTarget(browser.storage.local);
  if (!target) return undefined;
  const extracted = tab?.id !== undefined ? await extractTab(tab.id) : undefined;
  const url = extracted?.ok ? extracted.page.url : (what.pageUrl ?? tab?.url);
  if (!url || !/^https?:/.test(url)) return undefined;
  const page = extracted?.ok ? extracted.page : { url, title: tab?.title ?? url, lazyImagesResolved: 0 };
  return collectPayload({ ...page, selection: what.selectionText ?? page.selection }, target);
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
