import type { ColumnModel, TableModel } from '../model/schema-model.js';
import type { PartitionModel } from '../model/partitions.js';
import { notExtensionMember, userNamespace, userTable } from './catalog-queries.js';

/*
 * Catalog queries of declarative partitioning. Partitions are not in `tables` (userTable leaves
 * them out, and with them their columns and the indexes and constraints PostgreSQL cloned from
 * the parent): they are read here, once each, with their bound. Like the other catalog queries
 * they take `$1`/`$2` = the version table's schema and name.
 */

/** The key of every partitioned table (not a partition: a sub-partition's key is read below). */
export const partitionKeysQuery = `SELECT n.nspname AS schema, c.relname AS table_name,
  pg_get_partkeydef(c.oid) AS partition_by
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'p' AND ${userTable}
ORDER BY 1, 2`;

/** Partitions (tables, or sub-partitioned tables) with their parent and bound. */
export const partitionsQuery = `SELECT n.nspname AS schema, c.relname AS name,
  pn.nspname AS parent_schema, pc.relname AS parent,
  pg_get_expr(c.relpartbound, c.oid) AS bound,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_by,
  obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_inherits i ON i.inhrelid = c.oid
JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relispartition AND c.relkind IN ('r', 'p') AND ${userNamespace('n')}
  AND ${notExtensionMember('pg_class', 'c.oid')} AND $1::text IS NOT NULL AND $2::text IS NOT NULL
ORDER BY 1, 2`;

/** The queries of this file, run after catalogQueries; their rows go to rowsToModel too. */
export const partitionCatalogQueries = {
  partitionKeys: partitionKeysQuery,
  partitions: partitionsQuery,
} as const;

type Row = Record<string, unknown>;
/** The rows of the partition queries (absent: none). */
export type PartitionCatalogRows = Partial<
  Readonly<Record<keyof typeof partitionCatalogQueries, readonly Row[]>>
>;

const str = (v: unknown): string => String(v);

/**
 * Sets `partitionBy` on the partitioned tables of `tables` (keyed `schema\0name`, as rowsToModel
 * builds them) and returns the partitions. Pure but for `tables`' entries.
 */
export function partitionsFromRows(
  rows: PartitionCatalogRows,
  tables: Map<string, TableModel & { columns: ColumnModel[] }>,
): PartitionModel[] {
  for (const row of rows.partitionKeys ?? []) {
    const key = `${str(row['schema'])}\u0000${str(row['table_name'])}`;
    const table = tables.get(key);
    if (table !== undefined) tables.set(key, { ...table, partitionBy: str(row['partition_by']) });
  }
  return (rows.partitions ?? []).map((row) => ({
    schema: str(row['schema']),
    name: str(row['name']),
    parentSchema: str(row['parent_schema']),
    parent: str(row['parent']),
    bound: str(row['bound']),
    ...(row['partition_by'] === null || row['partition_by'] === undefined
      ? {}
      : { partitionBy: str(row['partition_by']) }),
    ...(row['comment'] === null || row['comment'] === undefined
      ? {}
      : { comment: str(row['comment']) }),
  }));
}
