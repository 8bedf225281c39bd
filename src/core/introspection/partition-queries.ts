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

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * A bound's `timestamptz` literals in UTC: `pg_get_expr` prints them in the session's TimeZone
 * (`'2024-01-01 00:00:00-05'`), so the same bound read on servers in two zones would differ.
 * Each literal names an instant (it carries its offset): rewritten as that instant at `+00`.
 *
 * @example
 * utcBound("FOR VALUES FROM ('2023-12-31 19:00:00-05') TO (MAXVALUE)");
 * // "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO (MAXVALUE)"
 */
export function utcBound(bound: string): string {
  return bound.replace(
    /'(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?'/g,
    (whole, y, mo, d, h, mi, sec, frac, sign, oh, om, os) => {
      const offset =
        (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * (sign === '-' ? -1 : 1);
      const at = new Date(0);
      at.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
      at.setUTCHours(Number(h), Number(mi), Number(sec) - offset);
      if (Number.isNaN(at.getTime())) return whole as string;
      return `'${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}${(frac as string | undefined) ?? ''}+00'`;
    },
  );
}

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
    bound: utcBound(str(row['bound'])),
    ...(row['partition_by'] === null || row['partition_by'] === undefined
      ? {}
      : { partitionBy: str(row['partition_by']) }),
    ...(row['comment'] === null || row['comment'] === undefined
      ? {}
      : { comment: str(row['comment']) }),
  }));
}
