import { catalogQueries, type CatalogQueryName } from '../core/introspection/catalog-queries.js';
import { rowsToModel, type CatalogRows } from '../core/introspection/rows-to-model.js';
import type { SchemaModel } from '../core/model/schema-model.js';
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
  const rows: Partial<Record<CatalogQueryName, Record<string, unknown>[]>> = {};
  for (const [name, sql] of Object.entries(catalogQueries) as [CatalogQueryName, string][]) {
    rows[name] = (await client.query(sql, params)).rows;
  }
  const model = rowsToModel(rows as CatalogRows);
  if (options.schemas === undefined) return model;
  const keep = new Set(options.schemas);
  return {
    ...model,
    schemas: model.schemas.filter((s) => keep.has(s)),
    enums: model.enums.filter((e) => keep.has(e.schema)),
    sequences: model.sequences.filter((s) => keep.has(s.schema)),
    tables: model.tables.filter((t) => keep.has(t.schema)),
  };
}
