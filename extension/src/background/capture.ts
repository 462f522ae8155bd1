import { browser } from '../common/browser';
import type { PageExtract } from '../common/clip';
import type { ExtractResponse } from '../common/messages';

/**
 * Runs the extractor in the tab (isolated world, on demand: activeTab or the tool's granted host). Pages the browser
 * will not let us script (`chrome://`, the stores, `file://`) answer `unscriptable`: "link only" is still possible.
 */
export async function extractTab(tabId: number): Promise<ExtractResponse> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ['extractor.js'] });
    const [first] = await browser.scripting.executeScript({
      target: { tabId },
      func: () => (globalThis as unknown as { __abilityClipExtract: () => unknown }).__abilityClipExtract(),
    });
    if (!first?.result) return { ok: false, reason: 'unscriptable' };
    return { ok: true, page: first.result as PageExtract };
  } catch {
    return { ok: false, reason: 'unscriptable' };
  }
}
