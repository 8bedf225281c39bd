import { defineConfig } from 'retort-pg';

// The grant-finder guide replayed with retort. Embedded PGlite by default; set DATABASE_URL to
// run the same migrations against PostgreSQL.
export default defineConfig({
  migrationsDir: 'migrations',
  databaseUrl: 'pglite:./.retort/db',
  versionTable: 'retort_version',
  lint: {
    rules: {
      // The guide's models are SQLAlchemy defaults: serial integer ids and varchar(n) columns,
      // which the application and its Stripe/Auth0 integrations already rely on. This example
      // reproduces that schema exactly, so the style rules that would change it are off here;
      // every safety rule stays on (and the migrations pass them).
      'prefer-bigint-over-int': 'off',
      'prefer-identity': 'off',
      'prefer-text-field': 'off',
    },
  },
});
