import { defineConfig } from 'retort-pg';

export default defineConfig({
  // The TypeScript schema declaration: `retort revision --autogenerate` and `retort check` read it.
  schema: './schema.ts',
  migrationsDir: 'migrations',
  // Embedded PostgreSQL by default; DATABASE_URL=postgres://… points it at a server.
  databaseUrl: 'pglite:./.retort/db',
  // The schema uses gen_random_uuid(), built into PostgreSQL from 13 (on 12 it needs pgcrypto,
  // which PGlite does not load by default): the oldest server these migrations support is 13.
  lint: { targetVersion: 13 },
  // Supabase owns `auth` and `storage` (its users, its buckets): not ours to declare or drop.
  excludeSchemas: ['auth', 'storage'],
});
