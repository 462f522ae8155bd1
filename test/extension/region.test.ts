import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { pickRegionInPage, sourceRect } from '../../extension/src/background/region';

/** The picker runs in a page: give it one (jsdom), as scripting.executeScript would. */
function inPage() {
  const dom = new JSDOM('<!doctype html><body><p>页面</p></body>', { pretendToBeVisual: true });
  const g = globalThis as Record<string, unknown>;
  const saved = { document: g.document, window: g.window };
  Object.assign(g, { document: dom.window.document, window: dom.window });
  const restore = () => Object.assign(g, saved);
  const pointer = (type: string, x: number, y: number) => {
    const overlay = dom.window.document.querySelector('[role="dialog"]') as HTMLElement;
    const event = new dom.window.MouseEvent(type, { clientX: x, clientY: y, bubbles: true });
    overlay.dispatchEvent(event);
  };
  return { dom, restore, pointer };
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('region screenshots', () => {
  it('returns the dragged rectangle (any direction) with the viewport, and leaves nothing on the page', async () => {
    const page = inPage();
    restore = page.restore;
    const picked = pickRegionInPage('拖动鼠标选择区域');
    const overlay = page.dom.window.document.querySelector('[role="dialog"]');
    expect(overlay?.getAttribute('aria-label')).toBe('拖动鼠标选择区域');
    page.pointer('pointerdown', 300, 200);
    page.pointer('pointermove', 100, 50);
    page.pointer('pointerup', 100, 50);
    const region = await picked;
    expect(region).toEqual({
      x: 100,
      y: 50,
      width: 200,
      height: 150,
      viewportWidth: page.dom.window.innerWidth,
      viewportHeight: page.dom.window.innerHeight,
    });
    expect(page.dom.window.document.querySelector('[role="dialog"]')).toBeNull();
  });

  it('cancels on Escape and on a click without a drag', async () => {
    const page = inPage();
    restore = page.restore;
    const escaped = pickRegionInPage('x');
    page.dom.window.document.dispatchEvent(new page.dom.window.KeyboardEvent('keydown', { key: 'Escape' }));
    expect(await escaped).toBeNull();
    const clicked = pickRegionInPage('x');
    page.pointer('pointerdown', 10, 10);
    page.pointer('pointerup', 10, 10);
    expect(await clicked).toBeNull();
  });

  it('maps CSS pixels to the captured image at the device pixel ratio, clamped to the image', () => {
    const region = { x: 100, y: 50, width: 200, height: 150, viewportWidth: 800, viewportHeight: 600 };
    expect(sourceRect({ width: 1600, height: 1200 }, region)).toEqual({ x: 200, y: 100, width: 400, height: 300 });
    const overflowing = { ...region, x: 700, width: 400 };
    expect(sourceRect({ width: 800, height: 600 }, overflowing)).toEqual({ x: 700, y: 50, width: 100, height: 150 });
  });
});
