// Runs in its own thread (see pdf-text.ts): pdf.js's polyfills stay on this thread's globals.
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const { bytes, options } = workerData;
try {
  const pdf = await getDocument({ data: bytes, ...options }).promise;
  const pages = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await pdf.destroy();
  parentPort.postMessage({ pages });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
