import { browser } from '../common/browser';
import { type Region, sourceRect } from './region';

/** What the tool accepts (`CLIP_LIMITS.screenshotChars` on the server): a data URL of at most this many characters. */
export const SCREENSHOT_MAX_CHARS = 700_000;
const MAX_WIDTH = 1280;

async function toDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type};base64,${btoa(binary)}`;
}

/**
 * The visible area of the tab's window (or the region of it the teacher dragged) as JPEG (quality 92: Firefox's
 * default is low), scaled to 1280 px wide and re-encoded at lower quality until it fits. The worker has no DOM:
 * createImageBitmap and OffscreenCanvas only. Needs activeTab (the action click) or host permission for the page.
 */
export async function captureScreenshot(tabId: number, region?: Region): Promise<string | undefined> {
  const tab = await browser.tabs.get(tabId);
  const shot = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'jpeg', quality: 92 });
  if (!region && shot.length <= SCREENSHOT_MAX_CHARS) return shot;
  const bitmap = await createImageBitmap(await (await fetch(shot)).blob());
  const src = region ? sourceRect(bitmap, region) : { x: 0, y: 0, width: bitmap.width, height: bitmap.height };
  const scale = Math.min(1, MAX_WIDTH / src.width);
  const canvas = new OffscreenCanvas(Math.round(src.width * scale), Math.round(src.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, src.x, src.y, src.width, src.height, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.92, 0.85, 0.7, 0.5, 0.35]) {
    const url = await toDataUrl(await canvas.convertToBlob({ type: 'image/jpeg', quality }));
    if (url.length <= SCREENSHOT_MAX_CHARS) return url;
  }
  return undefined;
}
