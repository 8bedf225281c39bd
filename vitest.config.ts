import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // PGlite boots a WebAssembly PostgreSQL per test file; forks keep each file's memory separate.
    pool: 'forks',
    // Generous: on a loaded machine (2 cores shared with other work) PGlite and PostgreSQL tests
    // take many times their quiet duration; no test asserts on time, so a limit only catches hangs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
