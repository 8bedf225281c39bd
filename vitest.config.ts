import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // PGlite boots a WebAssembly PostgreSQL per test file; forks keep each file's memory separate.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
