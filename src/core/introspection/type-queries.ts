import { notExtensionMember, userNamespace, userTable } from './catalog-queries.js';

/*
 * Catalog queries for domains, composite types, collations, column collations and grants. Like
 * the other catalog queries they take `$1`/`$2` = the version table's schema and name, and read
 * version-dependent columns through `to_jsonb(row)`.
 */

const params = `$1::text IS NOT NULL AND $2::text IS NOT NULL`;

/** Domains with their named checks (`checks`: JSON `[{ name, definition }]`). */
export const domainsQuery = `SELECT n.nspname AS schema, t.typname AS name,
  format_type(t.typbasetype, t.typtypmod) AS type, t.typnotnull AS not_null, t.typdefault AS default_expr,
  CASE WHEN t.typcollation <> bt.typcollation THEN co.collname END AS collation,
  obj_description(t.oid, 'pg_type') AS comment,
  coalesce((SELECT json_agg(json_build_object('name', con.conname, 'definition', pg_get_constraintdef(con.oid, true))
    ORDER BY con.conname) FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c'), '[]'::json) AS checks
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation
WHERE t.typtype = 'd' AND ${userNamespace('n')} AND ${notExtensionMember('pg_type', 't.oid')} AND ${params}
ORDER BY 1, 2`;

/** Composite types (`CREATE TYPE … AS (…)`), not the row types of tables. */
export const compositeTypesQuery = `SELECT n.nspname AS schema, t.typname AS name,
  obj_description(t.oid, 'pg_type') AS comment,
  coalesce((SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
      'collation', CASE WHEN a.attcollation <> at.typcollation THEN ac.collname END) ORDER BY a.attnum)
    FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid LEFT JOIN pg_collation ac ON ac.oid = a.attcollation
    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json) AS attributes
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c' AND ${userNamespace('n')} AND ${notExtensionMember('pg_type', 't.oid')} AND ${params}
ORDER BY 1, 2`;

/**
 * Collations created in user schemas (the ICU locale is `colllocale` on PostgreSQL 17+,
 * `colliculocale` on 15–16, `collcollate` before).
 */
export const collationsQuery = `SELECT n.nspname AS schema, co.collname AS name,
  CASE co.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END AS provider,
  coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale',
    CASE WHEN co.collprovider = 'i' THEN co.collcollate END) AS locale,
  co.collcollate AS lc_collate, co.collctype AS lc_ctype,
  coalesce((to_jsonb(co) ->> 'collisdeterministic')::boolean, true) AS deterministic,
  obj_description(co.oid, 'pg_collation') AS comment
FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
WHERE ${userNamespace('n')} AND ${notExtensionMember('pg_collation', 'co.oid')} AND ${params}
ORDER BY 1, 2`;

/** Columns whose collation is not their type's default. */
export const columnCollationsQuery = `SELECT n.nspname AS schema, c.relname AS table_name, a.attname AS name,
  co.collname AS collation
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid JOIN pg_collation co ON co.oid = a.attcollation
WHERE a.attcollation <> t.typcollation AND ${userTable}
ORDER BY 1, 2, 3`;

/**
 * The collation of each index key (`''` when it is the key's default: the column's collation,
 * or for an expression its operator class's input type's), for indexes that back no constraint.
 */
export const indexCollationsQuery = `SELECT n.nspname AS schema, c.relname AS table_name, ic.relname AS name,
  ARRAY(SELECT CASE WHEN k.coll = 0 OR k.coll = coalesce(a.attcollation, ot.typcollation) THEN ''
      ELSE co.collname::text END
    FROM unnest(i.indcollation::oid[]) WITH ORDINALITY k(coll, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = (i.indkey::int2[])[k.ord - 1]
      AND a.attnum > 0
    LEFT JOIN pg_opclass oc ON oc.oid = (i.indclass::oid[])[k.ord - 1]
    LEFT JOIN pg_type ot ON ot.oid = oc.opcintype
    LEFT JOIN pg_collation co ON co.oid = k.coll
    ORDER BY k.ord) AS collations
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${userTable} AND i.indcollation::text ~ '[1-9]'
ORDER BY 1, 2, 3`;

/**
 * Privileges granted to other roles than the owner, one row per privilege: on tables, views and
 * sequences, on user schemas (not `PUBLIC`'s default USAGE on `public`) and on functions.
 */
export const grantsQuery = `SELECT * FROM (
SELECT CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END AS object_type, n.nspname AS schema,
  c.relname AS name, acl.grantee AS grantee_oid, acl.privilege_type AS privilege, acl.is_grantable AS grantable
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, LATERAL aclexplode(c.relacl) acl
WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f') AND acl.grantee <> c.relowner AND ${userNamespace('n')}
  AND ${notExtensionMember('pg_class', 'c.oid')}
  AND NOT (n.nspname::text = $1::text AND c.relname::text IN ($2::text, $2::text || '_history'))
UNION ALL
SELECT 'schema', n.nspname, n.nspname, acl.grantee, acl.privilege_type, acl.is_grantable
FROM pg_namespace n, LATERAL aclexplode(n.nspacl) acl
WHERE acl.grantee <> n.nspowner AND ${userNamespace('n')} AND ${notExtensionMember('pg_namespace', 'n.oid')}
  AND NOT (n.nspname = 'public' AND acl.grantee = 0)
UNION ALL
SELECT 'function', n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
  acl.grantee, acl.privilege_type, acl.is_grantable
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, LATERAL aclexplode(p.proacl) acl
WHERE acl.grantee <> p.proowner AND NOT (acl.grantee = 0 AND acl.privilege_type = 'EXECUTE')
  AND ${userNamespace('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
) AS g
CROSS JOIN LATERAL (SELECT CASE WHEN g.grantee_oid = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee_oid)::text END AS grantee) r
WHERE ${params}
ORDER BY 1, 2, 3, r.grantee, 5`;

/** The queries of this file, run after {@link catalogQueries}; their rows go to rowsToModel too. */
export const typeCatalogQueries = {
  domains: domainsQuery,
  compositeTypes: compositeTypesQuery,
  collations: collationsQuery,
  columnCollations: columnCollationsQuery,
  indexCollations: indexCollationsQuery,
  grants: grantsQuery,
} as const;

export type TypeCatalogQueryName = keyof typeof typeCatalogQueries;
