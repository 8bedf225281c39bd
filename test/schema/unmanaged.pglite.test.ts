import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectUnmanaged } from '../../src/database/introspect.js';
import { openScratchDatabase } from '../../src/database/scratch-database.js';
import { expectUnmanagedKinds } from './unmanaged-kinds-cases.js';

/* check never says "no differences" silently: what retort does not model is listed. */
describe('unmanaged objects (PGlite)', () => {
  let db: DatabaseClient;
  beforeAll(async () => {
    db = await openScratchDatabase();
    await db.exec(`
      CREATE TABLE projects (id integer PRIMARY KEY, org_id integer, active boolean, updated_at timestamptz);
      CREATE VIEW active_projects AS SELECT * FROM projects WHERE active;
      CREATE MATERIALIZED VIEW project_counts AS SELECT org_id, count(*) FROM projects GROUP BY org_id;
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
      CREATE PROCEDURE noop() LANGUAGE sql AS $$ SELECT 1 $$;
      CREATE TRIGGER projects_touch BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE TRIGGER projects_touch_off BEFORE INSERT ON projects FOR EACH ROW EXECUTE FUNCTION touch();
      ALTER TABLE projects DISABLE TRIGGER projects_touch_off;
      ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON projects USING (org_id = 1);
      CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
      CREATE TYPE pair AS (a integer, b integer);
      CREATE SCHEMA audit;
      CREATE TABLE audit.events (id integer);
      CREATE SCHEMA auth;
    `);
  });
  afterAll(() => db?.close());

  // Views, materialized views, functions, procedures, triggers, row-level security and policies
  // are modelled (compared by check), so they are not listed.
  it('lists every kind the model lacks in compared schemas, and undeclared schemas whole', async () => {
    const found = await introspectUnmanaged(db, { schemas: ['public'], exclude: ['auth'] });
    expect(found).toEqual([
      { kind: 'schema', name: 'audit' },
      // A trigger is modelled, but not its DISABLE / ENABLE REPLICA | ALWAYS state.
      { kind: 'trigger enabled state', schema: 'public', name: 'projects_touch_off on projects' },
    ]);
  });

  it('reports nothing for a schema of tables only', async () => {
    expect(
      await introspectUnmanaged(db, { schemas: ['audit'], exclude: ['auth', 'public'] }),
    ).toEqual([]);
  });

  it('lists inheritance, range types, casts, operators, statistics, text search, servers…', async () => {
    await expectUnmanagedKinds(db, 'postgres');
  });
});
