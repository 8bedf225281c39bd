import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Per-file CPU seconds when RETORT_TEST_CPU_LOG is set (the budget in README's Development).
    setupFiles: ['test/support/cpu-log.ts'],
    // PGlite boots a WebAssembly PostgreSQL per test file; forks keep each file's memory separate.
    pool: 'forks',
    // One worker per core. Vitest's default is cores - 1, which on a 2-core machine runs the
    // files one after another with the second core idle.
    maxWorkers: Math.max(2, availableParallelism()),
    // Generous: on a loaded machine (2 cores shared with other work) PGlite and PostgreSQL tests
    // take many times their quiet duration; no test asserts on time, so a limit only catches hangs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
