/**
 * The one small interface every database driver implements. PGlite and node-postgres adapters
 * differ only here; everything above (runner, version table, lock, introspection) is shared.
 *
 * CONTRACT — implemented by the database work (src/database/pglite-client.ts, pg-client.ts).
 */
export interface DatabaseClient {
  readonly kind: 'pglite' | 'postgres';
  /** One statement, extended protocol, with `$1` parameters. */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
  /** Text that may hold several statements (simple protocol: one implicit transaction). */
  exec(sql: string): Promise<void>;
  /** `server_version_num`, e.g. 150018. */
  serverVersion(): Promise<number>;
  close(): Promise<void>;
}

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}
