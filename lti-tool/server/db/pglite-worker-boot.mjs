// Entry of the PGlite worker thread. A worker thread does not inherit tsx's loader from the main thread (nor
// Vitest's transform), so this plain module loads the TypeScript worker through tsx's API.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
