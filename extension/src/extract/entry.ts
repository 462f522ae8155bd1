import { extractPage } from './extract';

// Injected with scripting.executeScript({ files }) as an IIFE in the extension's isolated world; the background
// then calls the function it leaves behind. It reads the page and returns plain JSON: no tokens ever come here.
(globalThis as unknown as { __abilityClipExtract: () => unknown }).__abilityClipExtract = () =>
  extractPage(document, location.href, globalThis.getSelection?.()?.toString());
