import { expect } from 'vitest';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectUnmanaged } from '../../src/database/introspect.js';

/*
 * Kinds the schema model does not hold (issue 14 item 2): `check` lists each as unmanaged. Shared
 * by the PGlite and PostgreSQL test files; run in a database of its own (casts, wrappers and
 * servers are database-wide).
 */
export const unmanagedKindsSql = `
CREATE SCHEMA extra;
CREATE TABLE extra.base_t (id integer, org_id integer, active boolean);
CREATE TABLE extra.child_t (note text) INHERITS (extra.base_t);
CREATE TYPE extra.floatrange AS RANGE (subtype = float8);
CREATE TYPE extra.pair AS (a integer, b integer);
CREATE CAST (extra.pair AS text) WITH INOUT;
CREATE OPERATOR extra.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);
CREATE STATISTICS extra.base_stats ON org_id, active FROM extra.base_t;
CREATE TEXT SEARCH CONFIGURATION extra.plain (COPY = simple);
CREATE FOREIGN DATA WRAPPER dummy_fdw;
CREATE SERVER dummy_srv FOREIGN DATA WRAPPER dummy_fdw;
ALTER DEFAULT PRIVILEGES IN SCHEMA extra GRANT SELECT ON TABLES TO PUBLIC;
`;

export async function expectUnmanagedKinds(db: DatabaseClient, role: string): Promise<void> {
  await db.exec(unmanagedKindsSql);
  const found = await introspectUnmanaged(db, {
    schemas: ['extra'],
    exclude: ['public', 'audit', 'auth'],
  });
  expect(found).toEqual([
    { kind: 'cast', name: '(extra.pair AS text)' },
    { kind: 'default privileges', schema: 'extra', name: `for role ${role} on tables` },
    { kind: 'foreign server', name: 'dummy_srv' },
    { kind: 'foreign-data wrapper', name: 'dummy_fdw' },
    { kind: 'inheritance', schema: 'extra', name: 'child_t inherits extra.base_t' },
    { kind: 'operator', schema: 'extra', name: '===(integer, integer)' },
    { kind: 'range type', schema: 'extra', name: 'floatrange' },
    { kind: 'statistics', schema: 'extra', name: 'base_stats' },
    { kind: 'text search configuration', schema: 'extra', name: 'plain' },
  ]);
}
