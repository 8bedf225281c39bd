/**
 * The `op` object a TypeScript migration's upgrade/downgrade receives. Each call records data that
 * one renderer turns into {@link Statement}s. (Filled in by the "Running migrations" work.)
 */
export interface Op {
  /** Runs raw SQL. Split it yourself: one statement per call. */
  execute(sql: string): void;
}
