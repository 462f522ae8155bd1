import { defineConfig } from 'vitest/config';

// One Vite config for the repo. The web app and extension builds add their own entries later;
// `test` drives Vitest: unit tests sit next to the code, integration tests under test/.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'lti-tool/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/e2e/**'],
    globalSetup: ['test/setup/global-db.ts'],
    // PGlite is WebAssembly in-process; two cores on CI, so keep the worker count modest.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
