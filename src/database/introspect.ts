import { catalogQueries, type CatalogQueryName } from '../core/introspection/catalog-queries.js';
import { rowsToModel, type CatalogRows } from '../core/introspection/rows-to-model.js';
import type { SchemaModel } from '../core/model/schema-model.js';
import type { DatabaseClient } from './client.js';

export interface IntrospectOptions {
  /** Version table to leave out. Default `public.retort_version`. */
  readonly versionTable?: string;
  readonly versionTableSchema?: string;
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
  return rowsToModel(rows as CatalogRows);
}
