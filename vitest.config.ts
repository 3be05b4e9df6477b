import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser suites and *.system tests need Chromium or poppler-utils, which `.ci/run` installs: `npm run test:browser`.
    exclude: ['test/browser/**', 'test/**/*.system.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
