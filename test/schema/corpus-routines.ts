import { expect } from 'vitest';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import type { SchemaDeclaration } from '../../src/core/declaration/schema-builder.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';
import {
  boolean,
  defineSchema,
  materializedView,
  pgFunction,
  pgProcedure,
  policy,
  sql,
  table,
  text,
  timestamptz,
  trigger,
  uuid,
  varchar,
  view,
} from '../../src/index.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { runGenerated } from './run-generated.js';
import { loadDeclarationSource } from '../support/declaration.js';

/*
 * Functions, procedures, triggers, views, materialized views, row-level security and policies
 * through the whole pipeline (declare → autogenerate → apply → introspect → diff empty; a change
 * cycle and its downgrade; drop everything; raw SQL → pull → normalise → same model), run on
 * PGlite and on PostgreSQL by routines.*.test.ts.
 */

/** The schema, version 1 or 2 (version 2 changes every kind in every way). */
export function routinesDeclaration(version: 1 | 2): SchemaDeclaration {
  const v2 = version === 2;
  const orgs = table(
    'orgs',
    {
      id: uuid().primaryKey(),
      name: text().notNull(),
      updated_at: timestamptz(),
    },
    undefined,
    { rowLevelSecurity: v2 ? 'force' : true },
  );
  const projects = table(
    'projects',
    {
      id: uuid().primaryKey(),
      org_id: uuid()
        .notNull()
        .references(() => orgs.columns.id),
      // A type change under two views: they are dropped and recreated around it.
      name: v2 ? varchar(200).notNull() : text().notNull(),
      archived: boolean().notNull().default(false),
      updated_at: timestamptz(),
    },
    undefined,
    { rowLevelSecurity: true },
  );
  const setUpdatedAt = pgFunction('set_updated_at', {
    returns: 'trigger',
    language: 'plpgsql',
    body: v2
      ? 'BEGIN NEW.updated_at := clock_timestamp(); RETURN NEW; END'
      : 'BEGIN NEW.updated_at := now(); RETURN NEW; END',
  });
  const currentOrg = pgFunction('current_org_id', {
    returns: 'uuid',
    volatility: 'stable',
    body: sql`SELECT nullif(current_setting('app.current_org', true), '')::uuid`,
  });
  // An SQL function reading a table: created after the tables. Its result type changes in v2
  // (drop + create).
  const projectCount = pgFunction('project_count', {
    args: 'org uuid',
    returns: v2 ? 'integer' : 'bigint',
    volatility: 'stable',
    body: v2
      ? 'SELECT count(*)::integer FROM projects WHERE org_id = org'
      : 'SELECT count(*) FROM projects WHERE org_id = org',
  });
  const archive = pgProcedure('archive_projects', {
    args: 'org uuid',
    language: 'plpgsql',
    body: 'BEGIN UPDATE projects SET archived = true WHERE org_id = org; END',
  });
  const active = view(
    'active_projects',
    v2
      ? sql`SELECT id, org_id, name, updated_at FROM projects WHERE NOT archived`
      : sql`SELECT id, org_id, name FROM projects WHERE NOT archived`,
  );
  const activeNames = view('active_project_names', sql`SELECT name FROM active_projects`);
  const counts = materializedView(
    'org_project_counts',
    sql`SELECT org_id, count(*) AS n FROM projects GROUP BY org_id`,
    { indexes: [{ name: 'org_project_counts_org_id_key', columns: ['org_id'], unique: true }] },
  );
  // Kept in both versions: its index changes online (CONCURRENTLY).
  const orgNames = materializedView('org_names', sql`SELECT id, name FROM orgs`, {
    indexes: [
      v2
        ? { name: 'org_names_name_idx', columns: ['name', 'id'] }
        : { name: 'org_names_name_idx', columns: ['name'] },
    ],
  });
  return defineSchema({
    tables: [orgs, projects],
    functions: [setUpdatedAt, currentOrg, projectCount, ...(v2 ? [] : [archive])],
    triggers: [
      trigger('orgs_set_updated_at', {
        table: orgs,
        timing: 'before',
        events: ['update'],
        function: setUpdatedAt,
      }),
      trigger('projects_set_updated_at', {
        table: projects,
        timing: 'before',
        events: v2 ? ['insert', 'update'] : ['update'],
        function: setUpdatedAt,
      }),
    ],
    views: v2 ? [active, activeNames, orgNames] : [active, activeNames, counts, orgNames],
    policies: [
      policy('projects_tenant', {
        table: projects,
        using: sql`org_id = current_org_id()`,
        withCheck: sql`org_id = current_org_id()`,
      }),
      policy('orgs_tenant', {
        table: orgs,
        for: v2 ? 'select' : 'all',
        using: sql`id = current_org_id()`,
      }),
      ...(v2
        ? []
        : [
            policy('projects_not_archived', {
              table: projects,
              as: 'restrictive',
              for: 'update',
              using: sql`NOT archived`,
            }),
          ]),
    ],
  });
}

/** The whole cycle against one database. */
export async function runRoutinesCycle(db: DatabaseClient): Promise<void> {
  const v1 = await normaliseModel(declarationToModel(routinesDeclaration(1)));
  const v2 = await normaliseModel(declarationToModel(routinesDeclaration(2)));
  expect(v1.routines.map((r) => r.name)).toEqual([
    'archive_projects',
    'current_org_id',
    'project_count',
    'set_updated_at',
  ]);
  expect(v1.views.map((v) => v.name)).toEqual([
    'active_project_names',
    'active_projects',
    'org_names',
    'org_project_counts',
  ]);
  expect(v1.views.find((v) => v.name === 'org_names')!.indexes).toEqual([
    {
      name: 'org_names_name_idx',
      definition: 'CREATE INDEX org_names_name_idx ON public.org_names USING btree (name)',
    },
  ]);
  expect(v1.views.find((v) => v.name === 'active_project_names')!.dependsOn).toEqual([
    'active_projects',
  ]);
  expect(v1.tables.map((t) => [t.name, t.rowLevelSecurity, t.forceRowLevelSecurity])).toEqual([
    ['orgs', true, undefined],
    ['projects', true, undefined],
  ]);
  const read = (): Promise<SchemaModel> => introspectDatabase(db);
  const apply = (from: SchemaModel, to: SchemaModel) =>
    runGenerated(db, changesToOps(diffSchemas(from, to), to));

  // declare → autogenerate → apply → introspect: no difference either way.
  await apply(emptySchemaModel, v1);
  const live1 = await read();
  expect(diffSchemas(live1, v1)).toEqual([]);
  expect(diffSchemas(v1, live1)).toEqual([]);
  // The trigger function works and the policies apply to a non-owner only: a smoke test.
  await db.exec(
    `INSERT INTO orgs (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'a');
     UPDATE orgs SET name = 'b'`,
  );

  // A change of every kind, then its downgrade.
  const up = diffSchemas(live1, v2);
  const kinds = new Set(up.map((c) => c.kind));
  for (const kind of [
    'ReplaceRoutine',
    'DropRoutine',
    'CreateRoutine',
    'DropView',
    'CreateView',
    'DropTrigger',
    'CreateTrigger',
    'DropPolicy',
    'CreatePolicy',
    'SetRowLevelSecurity',
    'AlterColumnType',
    'CreateViewIndex',
    'DropViewIndex',
  ])
    expect(kinds).toContain(kind);
  await runGenerated(db, changesToOps(up, v2));
  const live2 = await read();
  expect(diffSchemas(live2, v2)).toEqual([]);
  await runGenerated(db, changesToOps(reverseChanges(up), v1));
  expect(await read()).toEqual(live1);

  // pull → the pulled declaration normalises to the same model.
  const pulled = await loadDeclarationSource(modelToDeclaration(live1));
  expect(diffSchemas(live1, await normaliseModel(declarationToModel(pulled)))).toEqual([]);

  // Drop everything: the downgrade of the first revision.
  await runGenerated(db, changesToOps(reverseChanges(diffSchemas(emptySchemaModel, v1)), v1));
  expect(await read()).toEqual(emptySchemaModel);
}

/** Objects written as raw SQL (as another tool would), for pull → check. */
export const RAW_ROUTINES_SQL = `
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL, touched timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := now(); RETURN NEW; END $$;
CREATE FUNCTION price_with_tax(p numeric, rate numeric DEFAULT 0.2) RETURNS numeric
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT p * (1 + rate) $$;
CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE OF price ON items FOR EACH ROW
  WHEN (NEW.price > 0) EXECUTE FUNCTION touch();
CREATE VIEW priced AS SELECT id, price_with_tax(price) AS gross FROM items;
CREATE MATERIALIZED VIEW expensive AS SELECT id FROM priced WHERE gross > 100 WITH NO DATA;
CREATE UNIQUE INDEX expensive_id_key ON expensive (id);
CREATE INDEX expensive_expr_idx ON expensive ((id + 1)) WHERE id > 0;
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
ALTER TABLE items FORCE ROW LEVEL SECURITY;
CREATE POLICY items_read ON items AS RESTRICTIVE FOR SELECT TO PUBLIC USING (price >= 0);
`;

/** Raw SQL → introspect → pull → normalise: the same model. */
export async function runRawPull(db: DatabaseClient): Promise<void> {
  await db.exec(RAW_ROUTINES_SQL);
  const live = await introspectDatabase(db);
  expect(live.triggers.map((t) => t.definition)).toEqual([
    'CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE OF price ON public.items FOR EACH ROW WHEN ((new.price > (0)::numeric)) EXECUTE FUNCTION touch()',
  ]);
  const pulled = await loadDeclarationSource(modelToDeclaration(live));
  const normalised = await normaliseModel(declarationToModel(pulled));
  expect(diffSchemas(live, normalised)).toEqual([]);
  expect(diffSchemas(normalised, live)).toEqual([]);
}
