import { defineConfig } from 'vitest/config';

// One Vite config for the repo: it builds the in-LMS web app (lti-tool/web) into dist/web, and drives Vitest.
// The server renders the page shell after a launch and includes the entry named in dist/web/.vite/manifest.json.
export default defineConfig({
  root: 'lti-tool/web',
  base: '/assets/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    assetsDir: '',
    rolldownOptions: { input: 'lti-tool/web/src/main.tsx' },
  },
  test: {
    root: '.',
    include: ['shared/**/*.test.ts', 'lti-tool/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/e2e/**'],
    globalSetup: ['test/setup/global-db.ts'],
    // PGlite is WebAssembly in-process; two cores on CI, so keep the worker count modest.
    pool: 'forks',
    maxWorkers: 2,
    // Files share a worker process: a new process per file re-imported the app (~80 modules) and restarted PGlite's
    // WebAssembly for each of 140 files. Every file opens its own database, so nothing else is shared between them.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
