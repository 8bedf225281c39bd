import { catalogQueries } from '../core/introspection/catalog-queries.js';
import { rowsToModel, type CatalogRows } from '../core/introspection/rows-to-model.js';
import { typeCatalogQueries } from '../core/introspection/type-queries.js';
import { partitionCatalogQueries } from '../core/introspection/partition-queries.js';
import {
  commentCatalogQueries,
  withObjectComments,
} from '../core/introspection/comment-queries.js';
import type { SchemaModel } from '../core/model/schema-model.js';
import { quoteLiteral } from '../core/sql/quote.js';
import type { DatabaseClient } from './client.js';

export interface IntrospectOptions {
  /** Version table to leave out. Default `public.retort_version`. */
  readonly versionTable?: string;
  readonly versionTableSchema?: string;
  /**
   * Only these schemas (tables, enums, sequences); default every user schema. `check` and
   * autogenerate pass the declaration's, so objects another tool owns (e.g. Supabase's `auth`)
   * are not proposed for dropping.
   */
  readonly schemas?: readonly string[];
}

/**
 * Reads the schema of a database into a {@link SchemaModel}: seven catalog queries whatever
 * the number of tables.
 *
 * @example
 * const model = await introspectDatabase(client, { versionTable: 'retort_version' });
 */
export async function introspectDatabase(
  client: DatabaseClient,
  options: IntrospectOptions = {},
): Promise<SchemaModel> {
  const params = [options.versionTableSchema ?? 'public', options.versionTable ?? 'retort_version'];
  const rows: Partial<Record<string, Record<string, unknown>[]>> = {};
  const queries = Object.entries({
    ...catalogQueries,
    ...typeCatalogQueries,
    ...partitionCatalogQueries,
    ...commentCatalogQueries,
  });
  if (client.queryBatch !== undefined) {
    // A server: every catalog query in one round trip ($1/$2 written in as literals).
    const results = await client.queryBatch(queries.map(([, sql]) => withParams(sql, params)));
    queries.forEach(([name], i) => (rows[name] = results[i]));
  } else {
    for (const [name, sql] of queries) rows[name] = (await client.query(sql, params)).rows;
  }
  const model = withObjectComments(rowsToModel(rows as unknown as CatalogRows), rows['comments']);
  if (options.schemas === undefined) return model;
  const keep = new Set(options.schemas);
  return {
    ...model,
    schemas: model.schemas.filter((s) => keep.has(s)),
    enums: model.enums.filter((e) => keep.has(e.schema)),
    sequences: model.sequences.filter((s) => keep.has(s.schema)),
    tables: model.tables.filter((t) => keep.has(t.schema)),
    domains: model.domains.filter((d) => keep.has(d.schema)),
    compositeTypes: model.compositeTypes.filter((c) => keep.has(c.schema)),
    collations: model.collations.filter((c) => keep.has(c.schema)),
    grants: model.grants.filter((g) => keep.has(g.schema)),
    routines: model.routines.filter((r) => keep.has(r.schema)),
    triggers: model.triggers.filter((t) => keep.has(t.schema)),
    views: model.views.filter((v) => keep.has(v.schema)),
    policies: model.policies.filter((p) => keep.has(p.schema)),
    partitions: model.partitions.filter((p) => keep.has(p.schema)),
    ...keptSchemaComments(model.schemaComments, keep),
  };
}

/** The comments of the kept schemas; nothing when none is left. */
function keptSchemaComments(
  comments: SchemaModel['schemaComments'],
  keep: ReadonlySet<string>,
): Pick<SchemaModel, 'schemaComments'> {
  const kept = Object.entries(comments ?? {}).filter(([s]) => keep.has(s));
  return kept.length === 0 ? {} : { schemaComments: Object.fromEntries(kept) };
}

/** An object the database holds that the schema model does not (yet) represent. */
export interface UnmanagedObject {
  /** `view`, `function`, `trigger`, `policy`, `schema`, … */
  readonly kind: string;
  /** Its schema; absent for database-wide objects (event triggers, publications). */
  readonly schema?: string;
  readonly name: string;
}

/**
 * What exists in the database and `check` cannot compare: objects of kinds the model lacks
 * (views, functions, triggers, policies, RLS, event triggers, publications, …) in the
 * compared schemas, and whole schemas that are neither compared nor excluded.
 *
 * @example
 * await introspectUnmanaged(db, { schemas: ['public'], exclude: ['auth'] });
 * // [{ kind: 'view', schema: 'public', name: 'active_users' }, { kind: 'schema', name: 'audit' }]
 */
export async function introspectUnmanaged(
  client: DatabaseClient,
  options: { readonly schemas: readonly string[]; readonly exclude?: readonly string[] },
): Promise<UnmanagedObject[]> {
  const { unmanagedQuery, userSchemasQuery } =
    await import('../core/introspection/catalog-queries.js');
  const compared = new Set(options.schemas);
  const excluded = new Set(options.exclude ?? []);
  const out: UnmanagedObject[] = [];
  for (const row of (await client.query<{ name: string }>(userSchemasQuery)).rows) {
    if (!compared.has(row.name) && !excluded.has(row.name))
      out.push({ kind: 'schema', name: row.name });
  }
  const objects = await client.query<{ kind: string; schema: string | null; name: string }>(
    unmanagedQuery,
  );
  for (const row of objects.rows) {
    if (row.schema !== null && !compared.has(row.schema)) continue;
    out.push(
      row.schema === null
        ? { kind: row.kind, name: row.name }
        : { kind: row.kind, schema: row.schema, name: row.name },
    );
  }
  return out;
}

/** A catalog query with `$1`, `$2`… replaced by its parameters as quoted literals. */
function withParams(sql: string, params: readonly string[]): string {
  return sql.replace(/\$(\d+)\b/g, (whole, n: string) => {
    const value = params[Number(n) - 1];
    return value === undefined ? whole : quoteLiteral(value);
  });
}
