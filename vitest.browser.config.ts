import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Suites that need system tools `.ci/run` installs: Chromium (browser tests), poppler-utils (*.system tests).
    include: ['test/browser/**/*.browser.test.ts', 'test/**/*.system.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
