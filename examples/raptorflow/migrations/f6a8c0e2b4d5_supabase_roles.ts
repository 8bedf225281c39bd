/**
 * Supabase roles for the row-level security policies
 *
 * The tenant policies (next revision) are granted to `authenticated` and `anon`, Supabase's
 * roles. retort references roles and never creates them from the declaration; on Supabase they
 * exist, elsewhere (a plain PostgreSQL server, the embedded PGlite) this creates them NOLOGIN,
 * guarded: an existing role is left as it is, and two databases migrating at once on one server
 * (roles are cluster-wide) do not collide. The downgrade leaves them: other databases of the
 * same server may use them.
 *
 * Revision ID: f6a8c0e2b4d5
 * Revises: e5f7b9c1d3a4
 * Create Date: 2026-11-30T05:30:00.000Z
 */
import { defineMigration } from 'retort-pg';

const createRole = (name: string): string =>
  `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${name}') THEN
    CREATE ROLE ${name} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$`;

export default defineMigration({
  revision: 'f6a8c0e2b4d5',
  revises: 'e5f7b9c1d3a4',
  message: 'Supabase roles for the row-level security policies',
  upgrade(op) {
    op.execute(createRole('anon'));
    op.execute(createRole('authenticated'));
  },
  downgrade() {
    // Roles are shared by every database of the server: left in place.
  },
});
