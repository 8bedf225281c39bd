import { defineConfig } from 'retort-pg';

// The project docs/lint.md's first example lints (test/docs/shell-blocks.test.ts runs it).
export default defineConfig({
  migrationsDir: 'migrations',
  databaseUrl: 'pglite:./.retort/db',
  run: { statementTimeoutMs: 60_000 },
});
