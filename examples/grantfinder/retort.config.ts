import { defineConfig } from 'retort';

// The grant-finder guide replayed with retort. Embedded PGlite by default; set DATABASE_URL to
// run the same migrations against PostgreSQL.
export default defineConfig({
  migrationsDir: 'migrations',
  databaseUrl: 'pglite:./.retort/db',
  versionTable: 'retort_version',
});
