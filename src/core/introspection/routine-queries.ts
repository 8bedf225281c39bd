import type { PolicyCommand, PolicyModel } from '../model/policies.js';
import type { RoutineModel, TriggerModel } from '../model/routines.js';
import { qualifiedKey, type TableModel } from '../model/schema-model.js';
import type { ViewModel } from '../model/views.js';

/*
 * Introspection of functions, procedures, triggers, views, materialized views, row-level security
 * and policies: one query per kind ($1/$2 = the version table, as every catalog query), and the
 * pure rows → model step.
 */

/** The SQL helpers of catalog-queries.ts (user schemas, extension members, user tables). */
export interface CatalogSqlParts {
  readonly userNamespace: (alias: string) => string;
  readonly notExtensionMember: (catalog: string, oid: string) => string;
  readonly userTable: string;
}

/** The queries of this file, spread into catalogQueries. */
export function routineQueries({ userNamespace, notExtensionMember, userTable }: CatalogSqlParts) {
  const params = `$1::text IS NOT NULL AND $2::text IS NOT NULL`;

  const routinesQuery = `SELECT n.nspname AS schema, p.proname AS name, p.prokind AS kind,
    pg_get_function_identity_arguments(p.oid) AS args, pg_get_function_arguments(p.oid) AS arguments,
    CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_get_function_result(p.oid) END AS result,
    pg_get_functiondef(p.oid) AS definition
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p') AND ${userNamespace('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
    AND ${params}
  ORDER BY 1, 2, 4`;

  const triggersQuery = `SELECT n.nspname AS schema, c.relname AS table_name, t.tgname AS name,
    pg_get_triggerdef(t.oid) AS definition
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT t.tgisinternal AND ${userTable}
  ORDER BY 1, 2, 3`;

  const viewsQuery = `SELECT n.nspname AS schema, c.relname AS name, c.relkind = 'm' AS materialized,
    pg_get_viewdef(c.oid, true) AS query,
    ARRAY(SELECT DISTINCT dn.nspname::text || '.' || dc.relname::text
          FROM pg_rewrite r
          JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
            AND d.refclassid = 'pg_class'::regclass
          JOIN pg_class dc ON dc.oid = d.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
          WHERE r.ev_class = c.oid AND dc.oid <> c.oid ORDER BY 1) AS depends_on,
    ARRAY(SELECT ic.relname::text || E'\\t' || pg_get_indexdef(i.indexrelid)
          FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
          WHERE i.indrelid = c.oid ORDER BY 1) AS indexes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm') AND ${userNamespace('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
    AND ${params}
  ORDER BY 1, 2`;

  const rowSecurityQuery = `SELECT n.nspname AS schema, c.relname AS table_name,
    c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE (c.relrowsecurity OR c.relforcerowsecurity) AND ${userTable}
  ORDER BY 1, 2`;

  const policiesQuery = `SELECT n.nspname AS schema, c.relname AS table_name, pol.polname AS name,
    pol.polpermissive AS permissive, pol.polcmd AS command,
    ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
          FROM unnest(pol.polroles) AS r(oid) ORDER BY 1) AS roles,
    pg_get_expr(pol.polqual, pol.polrelid, true) AS using_expr,
    pg_get_expr(pol.polwithcheck, pol.polrelid, true) AS check_expr
  FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${userTable}
  ORDER BY 1, 2, 3`;

  return {
    routines: routinesQuery,
    triggers: triggersQuery,
    views: viewsQuery,
    rowSecurity: rowSecurityQuery,
    policies: policiesQuery,
  } as const;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string => String(v);
const opt = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);
/** Arrays as the driver hands them back, or PostgreSQL's text form `{a,b}`. */
function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string' || v === '{}') return [];
  return v
    .slice(1, -1)
    .split(',')
    .map((s) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('\\"', '"') : s));
}

const commands: Readonly<Record<string, PolicyCommand>> = {
  '*': 'all',
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
};

/** `pg_get_viewdef` text without its leading space and trailing semicolon. */
export function normaliseViewQuery(query: string): string {
  return query.trim().replace(/;$/, '');
}

/** The model parts these queries read; `tables` get their row-level security set. */
export function routinesFromRows(
  rows: Readonly<Record<keyof ReturnType<typeof routineQueries>, readonly Row[]>>,
  tables: ReadonlyMap<string, TableModel>,
): {
  routines: RoutineModel[];
  triggers: TriggerModel[];
  views: ViewModel[];
  policies: PolicyModel[];
} {
  for (const row of rows.rowSecurity) {
    const table = tables.get(`${str(row['schema'])}\u0000${str(row['table_name'])}`) as
      { -readonly [K in keyof TableModel]: TableModel[K] } | undefined;
    if (!table) continue;
    if (row['enabled'] === true) table.rowLevelSecurity = true;
    if (row['forced'] === true) table.forceRowLevelSecurity = true;
  }
  return {
    routines: rows.routines.map((r) => {
      const routine: RoutineModel = {
        schema: str(r['schema']),
        name: str(r['name']),
        kind: r['kind'] === 'p' ? 'procedure' : 'function',
        args: str(r['args']),
        arguments: str(r['arguments']),
        definition: str(r['definition']).trim(),
      };
      const result = opt(r['result']);
      return result === undefined ? routine : { ...routine, result };
    }),
    triggers: rows.triggers.map((r) => ({
      schema: str(r['schema']),
      table: str(r['table_name']),
      name: str(r['name']),
      definition: str(r['definition']),
    })),
    views: rows.views.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      materialized: r['materialized'] === true,
      query: normaliseViewQuery(str(r['query'])),
      dependsOn: strings(r['depends_on']).map((k) => {
        const dot = k.indexOf('.');
        return qualifiedKey(k.slice(0, dot), k.slice(dot + 1));
      }),
      indexes: strings(r['indexes']).map((line) => {
        const tab = line.indexOf('\t');
        return { name: line.slice(0, tab), definition: line.slice(tab + 1) };
      }),
    })),
    policies: rows.policies.map((r) => {
      const policy: PolicyModel = {
        schema: str(r['schema']),
        table: str(r['table_name']),
        name: str(r['name']),
        permissive: r['permissive'] !== false,
        command: commands[str(r['command'])] ?? 'all',
        roles: strings(r['roles']),
      };
      const using = opt(r['using_expr']);
      const withCheck = opt(r['check_expr']);
      return {
        ...policy,
        ...(using === undefined ? {} : { using }),
        ...(withCheck === undefined ? {} : { withCheck }),
      };
    }),
  };
}
