/*
 * The rest of `unmanagedQuery` (catalog-queries.ts): kinds of object the schema model does not
 * hold, so that `check` lists them rather than say "no differences" for a database that differs.
 * Each branch gives (kind, schema, name); a database-wide object has no schema. User objects only:
 * not in a system schema, not created by an extension, and for catalogs without a namespace
 * (casts, languages, foreign-data wrappers, servers) not part of initdb's catalog (oid ≥ 16384,
 * PostgreSQL's FirstNormalObjectId), nor made by another object (a range type's multirange cast). Readable by any role (pg_subscription's name and database
 * columns are; its connection string, which is not, is never read).
 */

const user = (alias: string): string =>
  `${alias}.nspname NOT LIKE 'pg\\_%' AND ${alias}.nspname <> 'information_schema'`;
const notExtensionMember = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;
/** Objects of a catalog with a namespace column: `kind`, schema and name. */
const inSchema = (kind: string, catalog: string, alias: string, ns: string, name: string): string =>
  `SELECT ${kind}, n.nspname, ${name} FROM ${catalog} ${alias} JOIN pg_namespace n ON n.oid = ${alias}.${ns}
WHERE ${user('n')} AND ${notExtensionMember(catalog, `${alias}.oid`)}`;

export const unmanagedMoreKinds = [
  // Table inheritance (INHERITS), not declarative partitions.
  `SELECT 'inheritance', n.nspname, c.relname || ' inherits ' || pn.nspname || '.' || p.relname
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.relkind IN ('r', 'p', 'f') AND NOT c.relispartition AND ${user('n')}
  AND ${notExtensionMember('pg_class', 'c.oid')}`,
  inSchema(
    `CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type' ELSE 'shell type' END`,
    'pg_type',
    't',
    'typnamespace',
    't.typname',
  ) + ` AND (t.typtype IN ('r', 'p') OR (t.typtype = 'b' AND t.typcategory <> 'A'))`,
  inSchema(
    `'operator'`,
    'pg_operator',
    'o',
    'oprnamespace',
    `o.oprname || '(' || coalesce(format_type(nullif(o.oprleft, 0), NULL), 'NONE') || ', ' || coalesce(format_type(nullif(o.oprright, 0), NULL), 'NONE') || ')'`,
  ),
  inSchema(`'operator class'`, 'pg_opclass', 'oc', 'opcnamespace', 'oc.opcname'),
  inSchema(`'operator family'`, 'pg_opfamily', 'of', 'opfnamespace', 'of.opfname'),
  inSchema(`'statistics'`, 'pg_statistic_ext', 'st', 'stxnamespace', 'st.stxname'),
  inSchema(`'text search configuration'`, 'pg_ts_config', 'tc', 'cfgnamespace', 'tc.cfgname'),
  inSchema(`'text search dictionary'`, 'pg_ts_dict', 'td', 'dictnamespace', 'td.dictname'),
  inSchema(`'text search parser'`, 'pg_ts_parser', 'tp', 'prsnamespace', 'tp.prsname'),
  inSchema(`'text search template'`, 'pg_ts_template', 'tt', 'tmplnamespace', 'tt.tmplname'),
  inSchema(`'conversion'`, 'pg_conversion', 'cv', 'connamespace', 'cv.conname'),
  `SELECT 'cast', NULL, '(' || format_type(ca.castsource, NULL) || ' AS ' || format_type(ca.casttarget, NULL) || ')'
FROM pg_cast ca WHERE ca.oid >= 16384 AND ${notExtensionMember('pg_cast', 'ca.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass AND d.objid = ca.oid
    AND d.deptype = 'i')`,
  `SELECT 'language', NULL, l.lanname FROM pg_language l
WHERE l.oid >= 16384 AND ${notExtensionMember('pg_language', 'l.oid')}`,
  `SELECT 'foreign-data wrapper', NULL, w.fdwname FROM pg_foreign_data_wrapper w
WHERE ${notExtensionMember('pg_foreign_data_wrapper', 'w.oid')}`,
  `SELECT 'foreign server', NULL, fs.srvname FROM pg_foreign_server fs
WHERE ${notExtensionMember('pg_foreign_server', 'fs.oid')}`,
  `SELECT 'subscription', NULL, sub.subname FROM pg_subscription sub
WHERE sub.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())`,
  `SELECT 'default privileges', n.nspname,
  'for role ' || pg_get_userbyid(da.defaclrole) || ' on ' || CASE da.defaclobjtype WHEN 'r' THEN 'tables'
    WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' ELSE 'schemas' END
FROM pg_default_acl da LEFT JOIN pg_namespace n ON n.oid = da.defaclnamespace`,
]
  .map((branch) => `UNION ALL\n${branch}`)
  .join('\n');
