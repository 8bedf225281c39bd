/**
 * One SQL statement as the runner, the offline writer and the linter see it. Produced by the op
 * renderer (TypeScript migrations) or the SQL splitter (SQL migrations).
 */
export interface Statement {
  /** The statement text, without a trailing semicolon. */
  readonly sql: string;
  /**
   * False when PostgreSQL refuses to run it inside a transaction block (CREATE INDEX CONCURRENTLY,
   * VACUUM, …): the runner sends it alone, outside any transaction, as its own unit.
   */
  readonly transactional: boolean;
  /** Where it came from, for error messages and lint findings. */
  readonly source?: StatementSource;
  /** Lint rules deliberately silenced for this statement, each with a required reason. */
  readonly lintIgnore?: readonly LintSuppression[];
  /**
   * Set on `ALTER TYPE … ADD VALUE`: the new label cannot be used until the transaction that added
   * it commits, so the runner commits after this statement before running later ones.
   */
  readonly addsEnumValue?: EnumValueAdd;
  /**
   * Set on the first statement after `op.commit()`: the statements before it commit first, and
   * this one starts a new transaction (so a `VALIDATE CONSTRAINT` does not hold the lock of the
   * `ADD CONSTRAINT … NOT VALID` before it).
   */
  readonly commitBefore?: boolean;
  /**
   * PostgreSQL's parse tree of the statement (libpg-query: an object with one key, the node type),
   * set by the parser (src/parser) on every statement a run prepares. Transaction boundaries
   * (`groupUnits`) and lint rules read it; nothing re-derives them from the text.
   */
  readonly ast?: Readonly<Record<string, unknown>>;
}

/** The enum value an `ALTER TYPE … ADD VALUE` statement adds. */
export interface EnumValueAdd {
  /** The type's name, unquoted. */
  readonly type: string;
  /** The type's schema when the statement names one. */
  readonly schema?: string;
  readonly value: string;
}

export interface StatementSource {
  /** Path of the migration file, relative to the project root. */
  readonly file?: string;
  /** 1-based line in that file where the statement (or the op call) starts, when known. */
  readonly line?: number;
  /** 1-based column of the statement start in that line, when known. */
  readonly column?: number;
  /** The op that produced it, e.g. `createIndex`, for TypeScript migrations. */
  readonly op?: string;
}

export interface LintSuppression {
  readonly rule: string;
  readonly reason: string;
}
