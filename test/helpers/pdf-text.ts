import { Worker } from 'node:worker_threads';

/**
 * The text of each page of a PDF, as pdf.js (Mozilla's reader, not the writer) extracts it, in a worker thread.
 * pdf.js's Node build installs core-js polyfills on the globals of the thread it runs in: on Node 20 it replaces
 * Array.prototype.push, JSON.parse and JSON.stringify with JavaScript versions (JSON 3–4× slower) and defines
 * `self` and `navigator`. Test files share worker processes (isolate: false), so reading a PDF in the test's own
 * thread slowed down, and changed the globals of, every file that ran after it there.
 */
export function pdfPageTexts(bytes: Uint8Array, options: { useSystemFonts?: boolean } = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pdf-text.worker.mjs', import.meta.url), { workerData: { bytes, options } });
    worker.once('message', (result: { pages?: string[]; error?: string }) =>
      result.pages ? resolve(result.pages) : reject(new Error(result.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the PDF reader's thread exited (${code}) before answering`)));
  });
}
