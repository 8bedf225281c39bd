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
  /**
   * Several read-only statements without parameters in one round trip (simple protocol), the
   * rows of each typed as `query` types them. Optional: where a round trip costs nothing
   * (PGlite, in process) callers send `query` calls instead.
   */
  queryBatch?(statements: readonly string[]): Promise<Record<string, unknown>[][]>;
  /** `server_version_num`, e.g. 150018. */
  serverVersion(): Promise<number>;
  close(): Promise<void>;
  /**
   * Replaces the advisory migration lock where it would not exclude anything: an embedded
   * database served by `retort db serve` gives every client the same PostgreSQL session, where
   * advisory locks are re-entrant. Takes a lock file instead.
   */
  exclusiveLock?(waitMs: number): Promise<{ release(): Promise<void> }>;
}

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}
