import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files measured longest (wall seconds in a whole-suite run with RETORT_TEST_CPU_LOG), started
 * first so that no long file runs alone at the end while the other core idles. Vitest orders the rest (by its
 * cache of past durations when there is one, else by size: a fresh clone has no cache).
 */
const LONGEST = [
  'test/reliability/kill-points.postgres.test.ts',
  'test/cli/safe-forms.test.ts',
  'test/docs/shell-blocks-examples.test.ts',
  'examples/grantfinder/grantfinder.test.ts',
  'test/testing/test-command.test.ts',
  'test/docs/shell-blocks.test.ts',
  'test/runner/cli.test.ts',
  'test/api/api.test.ts',
  'test/cli/no-silent-drift.pglite.test.ts',
  'test/runner/pipeline.test.ts',
  'test/cli/schema-commands.test.ts',
  'test/testing/examples.test.ts',
  'test/schema/table-options.pglite.test.ts',
  'test/reliability/catalogue.test.ts',
  'test/database/pglite-lock.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const at = LONGEST.indexOf(relative(import.meta.dirname, f.moduleId).replace(/\\/g, '/'));
      return at < 0 ? LONGEST.length : at;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Per-file CPU seconds when RETORT_TEST_CPU_LOG is set (the budget in README's Development).
    setupFiles: ['test/support/cpu-log.ts'],
    // Forks, one process per worker, and the files of a worker share it (isolate: false): retort's
    // modules, the WebAssembly parser and jiti's transforms load once per worker instead of once
    // per file (vitest alone: 329 s → 222 s on a quiet 2-core machine, 100 files). A test file
    // must therefore leave no process-wide state behind (cwd, env, listeners).
    pool: 'forks',
    isolate: false,
    // One worker per core. Vitest's default is cores - 1, which on a 2-core machine runs the
    // files one after another with the second core idle.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongestFirst },
    // Generous: on a loaded machine (2 cores shared with other work) PGlite and PostgreSQL tests
    // take many times their quiet duration; no test asserts on time, so a limit only catches hangs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
