import { routineQueries } from './routine-queries.js';
import { unmanagedMoreKinds } from './unmanaged-kinds.js';

/**
 * The catalog queries of introspection: one per object kind, whatever the number of tables
 * (never a query per table). Each takes `$1` = the version table's schema and `$2` its name:
 * the version table and its `_history` table are left out. Written for PostgreSQL 12+ (and PGlite); version-dependent columns are
 * read through `to_jsonb(row)` so they are null, not an error, on older servers.
 */

/** User schemas: not system, not owned by an extension. */
export const userNamespace = (alias: string): string =>
  `${alias}.nspname NOT LIKE 'pg\\_%' AND ${alias}.nspname <> 'information_schema'`;

/** Not created by an extension (the extension owns it). */
export const notExtensionMember = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;

/** Ordinary and partitioned tables, not partitions, not the version table. */
export const userTable = `c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${userNamespace('n')}
  AND ${notExtensionMember('pg_class', 'c.oid')}
  AND NOT (n.nspname::text = $1::text AND c.relname::text IN ($2::text, $2::text || '_history'))`;

export const schemasQuery = `SELECT n.nspname AS name FROM pg_namespace n
WHERE ${userNamespace('n')} AND n.nspname <> 'public' AND ${notExtensionMember('pg_namespace', 'n.oid')}
  AND $1::text IS NOT NULL AND $2::text IS NOT NULL
ORDER BY 1`;

export const extensionsQuery = `SELECT e.extname AS name, n.nspname AS schema FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' AND $1::text IS NOT NULL AND $2::text IS NOT NULL
ORDER BY 1`;

export const enumsQuery = `SELECT n.nspname AS schema, t.typname AS name,
  array_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text[] AS labels
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
WHERE ${userNamespace('n')} AND ${notExtensionMember('pg_type', 't.oid')}
  AND $1::text IS NOT NULL AND $2::text IS NOT NULL
GROUP BY n.nspname, t.typname
ORDER BY 1, 2`;

export const sequencesQuery = `SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
  s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
  s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
  (SELECT json_build_object('table', tc.relname, 'column', ta.attname) FROM pg_depend d
   JOIN pg_class tc ON tc.oid = d.refobjid
   JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
     AND d.refobjsubid > 0 AND d.deptype = 'a' LIMIT 1) AS owned_by
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${userNamespace('n')} AND $1::text IS NOT NULL AND $2::text IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
    AND d.deptype IN ('i', 'e'))
ORDER BY 1, 2`;

/** Columns of every table in one pass; `serial_seq` names the owned sequence of a serial. */
export const columnsQuery = `SELECT n.nspname AS schema, c.relname AS table_name,
  obj_description(c.oid, 'pg_class') AS table_comment,
  c.relpersistence = 'u' AS unlogged, c.reloptions AS table_options,
  a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
  CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
  a.attidentity AS identity, col_description(c.oid, a.attnum) AS comment,
  CASE WHEN owned.expected_default = pg_get_expr(ad.adbin, ad.adrelid) THEN owned.seq END AS serial_seq,
  (SELECT json_build_object('start', s.seqstart::text, 'increment', s.seqincrement::text,
     'min', s.seqmin::text, 'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle)
   FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
   WHERE a.attidentity <> '' AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
     AND d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype = 'i' LIMIT 1) AS identity_sequence
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
LEFT JOIN (
  SELECT d.refobjid, d.refobjsubid, sn.nspname || '.' || sc.relname AS seq,
    'nextval(' || quote_literal(sc.oid::regclass::text) || '::regclass)' AS expected_default
  FROM pg_depend d JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = sc.relnamespace
  WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
) owned ON owned.refobjid = c.oid AND owned.refobjsubid = a.attnum
WHERE ${userTable}
ORDER BY n.nspname, c.relname, a.attnum`;

/** An exclusion constraint's index: method, keys (as the indexes query), operators, predicate. */
const exclusionColumns = `(SELECT am.amname FROM pg_class xc JOIN pg_am am ON am.oid = xc.relam
   WHERE xc.oid = con.conindid AND con.contype = 'x') AS exclusion_method,
  CASE WHEN con.contype = 'x' THEN ARRAY(SELECT CASE WHEN xi.indkey[(k.ord - 1)::int] = 0
      THEN '(' || pg_get_indexdef(con.conindid, k.ord::int, true) || ')'
      ELSE pg_get_indexdef(con.conindid, k.ord::int, true) END
    FROM pg_index xi, unnest(con.conexclop) WITH ORDINALITY k(op, ord)
    WHERE xi.indexrelid = con.conindid ORDER BY k.ord) END AS exclusion_keys,
  CASE WHEN con.contype = 'x' THEN ARRAY(SELECT o.oprname::text
    FROM unnest(con.conexclop) WITH ORDINALITY k(op, ord) JOIN pg_operator o ON o.oid = k.op
    ORDER BY k.ord) END AS exclusion_operators,
  (SELECT pg_get_expr(xi.indpred, xi.indrelid, true) FROM pg_index xi
   WHERE xi.indexrelid = con.conindid AND con.contype = 'x') AS exclusion_predicate`;

export const constraintsQuery = `SELECT n.nspname AS schema, c.relname AS table_name, con.conname AS name,
  con.contype AS type,
  ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
  rn.nspname AS ref_schema, rc.relname AS ref_table,
  ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
  con.confupdtype AS on_update, con.confdeltype AS on_delete,
  con.condeferrable AS deferrable, con.condeferred AS deferred,
  CASE WHEN con.contype IN ('c', 'x') THEN pg_get_constraintdef(con.oid, true) END AS definition,
  con.confmatchtype AS match_type, con.convalidated AS validated, con.connoinherit AS no_inherit,
  ${exclusionColumns},
  (SELECT (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean FROM pg_index i
   WHERE i.indexrelid = con.conindid AND con.contype = 'u') AS nulls_not_distinct
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conislocal AND ${userTable}
ORDER BY n.nspname, c.relname, con.conname`;

/** Indexes that do not back a primary key, unique or exclusion constraint. */
export const indexesQuery = `SELECT n.nspname AS schema, c.relname AS table_name, ic.relname AS name,
  i.indisunique AS is_unique, am.amname AS method, pg_get_indexdef(i.indexrelid) AS definition,
  ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) k ORDER BY k) AS columns,
  i.indnkeyatts AS key_count, i.indkey::text AS indkey, i.indoption::text AS indoption,
  ARRAY(SELECT CASE WHEN oc.opcdefault THEN '' ELSE oc.opcname::text END
        FROM unnest(i.indclass) WITH ORDINALITY k(oid, ord) JOIN pg_opclass oc ON oc.oid = k.oid
        ORDER BY k.ord) AS opclasses,
  pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean AS nulls_not_distinct, ic.reloptions AS reloptions
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${userTable}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
    AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY n.nspname, c.relname, ic.relname`;

/** Every query, in the order {@link rowsToModel} expects its rows. */
export const catalogQueries = {
  ...routineQueries({ userNamespace, notExtensionMember, userTable }),
  schemas: schemasQuery,
  extensions: extensionsQuery,
  enums: enumsQuery,
  sequences: sequencesQuery,
  columns: columnsQuery,
  constraints: constraintsQuery,
  indexes: indexesQuery,
} as const;

export type CatalogQueryName = keyof typeof catalogQueries;

/**
 * Indexes and constraints of a partition that are its own, not PostgreSQL's copies of the
 * parent's (the model holds partitions by their bound only).
 */
const partitionLocalObjects = `SELECT 'partition index', n.nspname, ic.relname || ' on ' || c.relname
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relispartition AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = c.oid)
  AND ${userNamespace('n')}
UNION ALL
SELECT 'partition constraint', n.nspname, con.conname || ' on ' || c.relname
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relispartition AND con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conislocal
  AND con.conparentid = 0 AND ${userNamespace('n')}`;

/**
 * What exists in the user schemas and the schema model does not hold yet, one row per object
 * (`kind`, `schema`, `name`): `check` reports these as unmanaged rather than ignore them.
 * Extension members and system objects are left out. No parameters.
 */
export const unmanagedQuery = `SELECT * FROM (
SELECT 'foreign table' AS kind, n.nspname AS schema, c.relname AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'f' AND ${userNamespace('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
UNION ALL
${partitionLocalObjects}
UNION ALL
SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
  n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('a', 'w') AND ${userNamespace('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
UNION ALL
SELECT CASE WHEN c.relkind IN ('r', 'p') THEN 'trigger enabled state' ELSE 'trigger' END,
  n.nspname, t.tgname || ' on ' || c.relname
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND (c.relkind NOT IN ('r', 'p') OR t.tgenabled <> 'O') AND ${userNamespace('n')}
UNION ALL
SELECT 'policy', n.nspname, pol.polname || ' on ' || c.relname
FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind NOT IN ('r', 'p') AND ${userNamespace('n')}
UNION ALL
SELECT 'rule', n.nspname, r.rulename || ' on ' || c.relname
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN' AND ${userNamespace('n')}
UNION ALL
SELECT 'column privileges', n.nspname, c.relname || '.' || a.attname
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND ${userNamespace('n')}
UNION ALL
SELECT 'event trigger', NULL, e.evtname FROM pg_event_trigger e
WHERE ${notExtensionMember('pg_event_trigger', 'e.oid')}
UNION ALL
SELECT 'publication', NULL, pub.pubname FROM pg_publication pub
${unmanagedMoreKinds}
) AS u ORDER BY 1, 2, 3`;

/** User schemas (not `public`, not system, not extension-owned), for the undeclared ones. */
export const userSchemasQuery = `SELECT n.nspname AS name FROM pg_namespace n
WHERE ${userNamespace('n')} AND n.nspname <> 'public' AND ${notExtensionMember('pg_namespace', 'n.oid')}
ORDER BY 1`;
