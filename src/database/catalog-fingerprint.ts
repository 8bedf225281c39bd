import { createHash } from 'node:crypto';
import type { SchemaModel } from '../core/model/schema-model.js';
import type { DatabaseClient } from './client.js';
import { introspectDatabase } from './introspect.js';

/**
 * What `retort test` compares between two moments of a database: the schema model of
 * introspection plus one line per object the model does not describe (views, functions,
 * triggers, policies, domains, composite and range types, row-level security, sequences owned by
 * nothing), each with a hash of its definition. `$1`/`$2` = the version table's schema and name.
 */
export const EXTRA_OBJECTS_QUERY = `WITH ns AS (
  SELECT n.oid, n.nspname FROM pg_namespace n
  WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
), ext AS (
  SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
)
SELECT x.line FROM (
  SELECT CASE c.relkind WHEN 'v' THEN 'view ' ELSE 'materialized view ' END
         || ns.nspname || '.' || c.relname || ' ' || md5(pg_get_viewdef(c.oid)) AS line
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm')
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
  UNION ALL
  SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(coalesce(p.prosrc, '') || '|'
         || p.prorettype::regtype::text || '|' || p.provolatile::text || '|' || p.prokind::text)
  FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
  UNION ALL
  SELECT 'trigger ' || ns.nspname || '.' || c.relname || '.' || t.tgname || ' '
         || md5(pg_get_triggerdef(t.oid)) || ' ' || t.tgenabled::text
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT t.tgisinternal
  UNION ALL
  SELECT 'policy ' || ns.nspname || '.' || c.relname || '.' || pol.polname || ' '
         || md5(coalesce(pg_get_expr(pol.polqual, pol.polrelid), '') || '|'
         || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '') || '|' || pol.polcmd::text)
  FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT 'row level security on ' || ns.nspname || '.' || c.relname
         || CASE WHEN c.relforcerowsecurity THEN ' (forced)' ELSE '' END
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relrowsecurity
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain ' WHEN 'r' THEN 'range type ' ELSE 'composite type ' END
         || ns.nspname || '.' || t.typname || ' '
         || md5(coalesce(format_type(t.typbasetype, t.typtypmod), '') || '|'
         || coalesce(t.typdefault, '') || '|' || t.typnotnull::text || '|' || coalesce((
              SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), ''))
  FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
  WHERE (t.typtype IN ('d', 'r')
         OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
  UNION ALL
  SELECT 'table ' || ns.nspname || '.' || c.relname || ' kind ' || c.relkind::text
         || CASE WHEN c.relpersistence = 'u' THEN ' unlogged' ELSE '' END
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'f') AND (c.relpersistence = 'u' OR c.relkind <> 'r' OR c.relispartition)
    AND NOT (ns.nspname = $1::text AND c.relname IN ($2::text, $2::text || '_history'))
) x
ORDER BY 1`;

/** A database's schema at one moment, for comparison. */
export interface CatalogSnapshot {
  readonly model: SchemaModel;
  /** Objects the model does not describe, one sorted line each (`view public.v <md5>`). */
  readonly extras: readonly string[];
  /** sha256 of both: equal fingerprints, equal schemas. */
  readonly fingerprint: string;
}

/**
 * Reads a database's schema (introspection plus {@link EXTRA_OBJECTS_QUERY}), the version
 * tables left out.
 *
 * @example
 * const before = await catalogSnapshot(db, { schema: 'public', table: 'retort_version' });
 */
export async function catalogSnapshot(
  db: DatabaseClient,
  versionTable: { readonly schema: string; readonly table: string },
): Promise<CatalogSnapshot> {
  const model = await introspectDatabase(db, {
    versionTable: versionTable.table,
    versionTableSchema: versionTable.schema,
  });
  const rows = await db.query<{ line: string }>(EXTRA_OBJECTS_QUERY, [
    versionTable.schema,
    versionTable.table,
  ]);
  const extras = rows.rows.map((r) => r.line);
  const fingerprint = createHash('sha256').update(JSON.stringify({ model, extras })).digest('hex');
  return { model, extras, fingerprint };
}
