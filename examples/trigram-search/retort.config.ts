import { defineConfig } from 'retort-pg';

// Fuzzy, case-insensitive search with two contrib extensions (pg_trgm, citext) on the embedded
// database: PGlite loads them because the migration creates them. DATABASE_URL=postgres://… runs
// the same migration on a server.
export default defineConfig({
  migrationsDir: 'migrations',
  databaseUrl: 'pglite:./.retort/db',
});
