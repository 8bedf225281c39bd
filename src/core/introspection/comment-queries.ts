import type { SchemaModel, TableModel } from '../model/schema-model.js';
import { userNamespace } from './catalog-queries.js';

/*
 * COMMENT ON of every object besides tables, columns, domains, composite types and collations
 * (those are read with their objects): schemas, indexes, sequences, views, materialized views,
 * table constraints, enums, functions, procedures, triggers and policies. One query; each row is
 * attached to the object it names by {@link withObjectComments}, and a comment on an object the
 * model does not hold is left out.
 */

const description = (catalog: string, oid: string): string =>
  `JOIN pg_description d ON d.classoid = '${catalog}'::regclass AND d.objoid = ${oid} AND d.objsubid = 0`;

/** `kind`, `schema`, `name`, `table_name` (constraints, triggers, policies), `args`, `comment`. */
export const commentsQuery = `SELECT * FROM (
SELECT 'schema' AS kind, n.nspname AS schema, n.nspname AS name, NULL::name AS table_name,
  NULL::text AS args, d.description AS comment
FROM pg_namespace n ${description('pg_namespace', 'n.oid')}
WHERE ${userNamespace('n')} AND n.nspname <> 'public'
UNION ALL
SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view'
  ELSE 'materialized view' END, n.nspname, c.relname, NULL, NULL, d.description
FROM pg_class c ${description('pg_class', 'c.oid')} JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('i', 'S', 'v', 'm') AND ${userNamespace('n')}
UNION ALL
SELECT 'constraint', n.nspname, con.conname, c.relname, NULL, d.description
FROM pg_constraint con ${description('pg_constraint', 'con.oid')}
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${userNamespace('n')}
UNION ALL
SELECT 'type', n.nspname, t.typname, NULL, NULL, d.description
FROM pg_type t ${description('pg_type', 't.oid')} JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND ${userNamespace('n')}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname, NULL,
  pg_get_function_identity_arguments(p.oid), d.description
FROM pg_proc p ${description('pg_proc', 'p.oid')} JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE ${userNamespace('n')}
UNION ALL
SELECT 'trigger', n.nspname, t.tgname, c.relname, NULL, d.description
FROM pg_trigger t ${description('pg_trigger', 't.oid')}
JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND ${userNamespace('n')}
UNION ALL
SELECT 'policy', n.nspname, pol.polname, c.relname, NULL, d.description
FROM pg_policy pol ${description('pg_policy', 'pol.oid')}
JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${userNamespace('n')}
) AS u WHERE $1::text IS NOT NULL AND $2::text IS NOT NULL
ORDER BY 1, 2, 4, 3`;

/** The query of this file, run with the other catalog queries. */
export const commentCatalogQueries = { comments: commentsQuery } as const;

type Row = Record<string, unknown>;

const key = (...parts: unknown[]): string => parts.map((p) => String(p ?? '')).join('\u0000');

/** `{ ...o, comment }` when a comment is found for `k`, `o` itself otherwise. */
function commented<T extends object>(o: T, comments: ReadonlyMap<string, string>, k: string): T {
  const comment = comments.get(k);
  return comment === undefined ? o : { ...o, comment };
}

/**
 * The model with the comments of the comments query's rows on its objects. Pure.
 *
 * @example
 * withObjectComments(model, [{ kind: 'index', schema: 'public', name: 'ix', table_name: null, args: null, comment: 'by email' }]);
 */
export function withObjectComments(
  model: SchemaModel,
  rows: readonly Row[] | undefined,
): SchemaModel {
  if (rows === undefined || rows.length === 0) return model;
  const comments = new Map(
    rows.map((r) => [
      key(r['kind'], r['schema'], r['table_name'], r['name'], r['args']),
      String(r['comment']),
    ]),
  );
  const schemaComments = Object.fromEntries(
    model.schemas.flatMap((s) => {
      const c = comments.get(key('schema', s, null, s, null));
      return c === undefined ? [] : [[s, c]];
    }),
  );
  const table = (t: TableModel): TableModel => {
    const constraint = <T extends { readonly name?: string | undefined }>(k: T): T =>
      k.name === undefined
        ? k
        : commented(k, comments, key('constraint', t.schema, t.name, k.name, null));
    return {
      ...t,
      ...(t.primaryKey === undefined ? {} : { primaryKey: constraint(t.primaryKey) }),
      uniques: t.uniques.map(constraint),
      checks: t.checks.map(constraint),
      foreignKeys: t.foreignKeys.map(constraint),
      ...(t.exclusions === undefined ? {} : { exclusions: t.exclusions.map(constraint) }),
      indexes: t.indexes.map((i) =>
        i.name === undefined
          ? i
          : commented(i, comments, key('index', t.schema, null, i.name, null)),
      ),
    };
  };
  return {
    ...model,
    ...(Object.keys(schemaComments).length === 0 ? {} : { schemaComments }),
    tables: model.tables.map(table),
    enums: model.enums.map((e) =>
      commented(e, comments, key('type', e.schema, null, e.name, null)),
    ),
    sequences: model.sequences.map((s) =>
      commented(s, comments, key('sequence', s.schema, null, s.name, null)),
    ),
    views: model.views.map((v) =>
      commented(
        {
          ...v,
          indexes: v.indexes.map((i) =>
            commented(i, comments, key('index', v.schema, null, i.name, null)),
          ),
        },
        comments,
        key(v.materialized ? 'materialized view' : 'view', v.schema, null, v.name, null),
      ),
    ),
    routines: model.routines.map((r) =>
      commented(r, comments, key(r.kind, r.schema, null, r.name, r.args)),
    ),
    triggers: model.triggers.map((t) =>
      commented(t, comments, key('trigger', t.schema, t.table, t.name, null)),
    ),
    policies: model.policies.map((p) =>
      commented(p, comments, key('policy', p.schema, p.table, p.name, null)),
    ),
  };
}
