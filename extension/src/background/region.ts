/** A rectangle the teacher dragged on the page, in CSS pixels of the viewport it was drawn in. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
  viewportWidth: number;
  viewportHeight: number;
}

/**
 * Injected into the page (self-contained: no imports, no closures): a full-viewport overlay on which the teacher drags
 * a rectangle; Escape or a click without dragging cancels. The overlay is removed and two frames pass before the
 * answer, so the capture that follows does not show it.
 */
export function pickRegionInPage(hint: string): Promise<Region | null> {
  return new Promise((resolve) => {
    const doc = document;
    const overlay = doc.createElement('div');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-label', hint);
    overlay.style.cssText =
      'position:fixed;inset:0;z-index:2147483647;cursor:crosshair;background:rgba(0,0,0,.25);user-select:none';
    const box = doc.createElement('div');
    box.style.cssText = 'position:fixed;border:2px solid #2563eb;background:rgba(37,99,235,.12);display:none';
    const label = doc.createElement('div');
    label.textContent = hint;
    label.style.cssText =
      'position:fixed;top:8px;left:50%;transform:translateX(-50%);padding:4px 10px;border-radius:4px;' +
      'background:#111827;color:#fff;font:14px system-ui,sans-serif';
    overlay.append(box, label);
    let start: { x: number; y: number } | undefined;
    let rect = { x: 0, y: 0, width: 0, height: 0 };
    const finish = (region: Region | null) => {
      doc.removeEventListener('keydown', onKey, true);
      overlay.remove();
      const raf = globalThis.requestAnimationFrame ?? ((f: () => void) => setTimeout(f, 16));
      raf(() => raf(() => resolve(region)));
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        finish(null);
      }
    };
    overlay.addEventListener('pointerdown', (e) => {
      start = { x: e.clientX, y: e.clientY };
      box.style.display = 'block';
    });
    overlay.addEventListener('pointermove', (e) => {
      if (!start) return;
      rect = {
        x: Math.min(start.x, e.clientX),
        y: Math.min(start.y, e.clientY),
        width: Math.abs(e.clientX - start.x),
        height: Math.abs(e.clientY - start.y),
      };
      Object.assign(box.style, {
        left: `${rect.x}px`,
        top: `${rect.y}px`,
        width: `${rect.width}px`,
        height: `${rect.height}px`,
      });
    });
    overlay.addEventListener('pointerup', () => {
      const viewport = { viewportWidth: window.innerWidth, viewportHeight: window.innerHeight };
      finish(rect.width >= 8 && rect.height >= 8 ? { ...rect, ...viewport } : null);
    });
    doc.addEventListener('keydown', onKey, true);
    (doc.body ?? doc.documentElement).append(overlay);
  });
}

/**
 * Where the region lies in the captured image: the capture is the viewport at the device's pixel ratio (and may be
 * scaled), so CSS pixels are scaled by image width over viewport width, and clamped to the image.
 */
export function sourceRect(image: { width: number; height: number }, region: Region) {
  const sx = image.width / region.viewportWidth;
  const sy = image.height / region.viewportHeight;
  const x = Math.max(0, Math.round(region.x * sx));
  const y = Math.max(0, Math.round(region.y * sy));
  return {
    x,
    y,
    width: Math.max(1, Math.min(image.width - x, Math.round(region.width * sx))),
    height: Math.max(1, Math.min(image.height - y, Math.round(region.height * sy))),
  };
}
