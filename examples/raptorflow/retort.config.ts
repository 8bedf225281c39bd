import { defineConfig } from 'retort-pg';

export default defineConfig({
  // The TypeScript schema declaration: `retort revision --autogenerate` and `retort check` read it.
  schema: './schema.ts',
  migrationsDir: 'migrations',
  // Embedded PostgreSQL by default; DATABASE_URL=postgres://… points it at a server.
  databaseUrl: 'pglite:./.retort/db',
});
