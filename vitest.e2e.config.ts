import { defineConfig } from 'vitest/config';

// End-to-end tests: the whole tool, the platform simulator and Debian's Chromium (playwright-core, never a
// downloaded browser). Run with `npm run test:e2e`; .ci/run runs them after the unit and integration suites.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/setup/global-db.ts', 'test/e2e/setup/build-web.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
