import type { LintSuppression } from '../sql/statement.js';

/** How much a finding matters. `error` findings fail `retort lint` and stop `upgrade`'s gate. */
export type Severity = 'error' | 'warning' | 'info';

/** A severity, or `off` to disable a rule (config `lint.rules`). */
export type SeverityOverride = Severity | 'off';

/** One finding, as `retort lint` prints it and `--json` returns it. */
export interface Diagnostic {
  /** Stable code, e.g. `RT101`; safe to match on in CI and in config. */
  readonly code: string;
  /** Rule name, e.g. `require-concurrent-index-creation` (squawk's name where one exists). */
  readonly rule: string;
  readonly severity: Severity;
  /** Revision id of the migration, when linting revisions. */
  readonly revision?: string | undefined;
  /** File of the migration, relative to the project root. */
  readonly file?: string | undefined;
  /** 1-based line and column of the statement (or op call) in that file. */
  readonly line: number;
  readonly column: number;
  /** The statement text. */
  readonly statement: string;
  /** One sentence: what is wrong. */
  readonly message: string;
  /** What the statement locks or rewrites, and why that matters on a live table. */
  readonly impact: string;
  /** The safe way to do the same thing. */
  readonly safeAlternative: string;
}

/** What a rule reports about one statement; the engine adds code, name, severity and position. */
export interface RuleFinding {
  readonly message: string;
  readonly impact: string;
  readonly safeAlternative: string;
}

/** A statement as the linter sees it: its text, its parse tree and where it runs. */
export interface LintStatement {
  readonly sql: string;
  /** The libpg-query node: an object with one key, the node type (`IndexStmt`, …). */
  readonly ast: Record<string, unknown>;
  readonly line: number;
  readonly column: number;
  /**
   * False when the runner sends it alone, outside the migration's transaction (CREATE INDEX
   * CONCURRENTLY and the like). Default true.
   */
  readonly transactional?: boolean;
  /** True when the runner commits before it (`op.commit()`): it starts a new transaction. */
  readonly commitBefore?: boolean;
  /** Rules silenced for this statement (SQL comment or op option), each with a reason. */
  readonly lintIgnore?: readonly LintSuppression[];
}

/** Where a migration runs and how the linter is configured. Every key is optional. */
export interface LintContext {
  readonly revision?: string | undefined;
  readonly file?: string | undefined;
  /** False when the whole migration runs outside a transaction (`transactional: false`). Default true. */
  readonly transactional?: boolean;
  /** Oldest PostgreSQL major version the migration must be safe on. Default 12. */
  readonly targetVersion?: number;
  /** Severity overrides by rule name or code (config `lint.rules`). */
  readonly rules?: Readonly<Record<string, SeverityOverride>>;
  /**
   * The runner's settings (config `run`): retort sets `lock_timeout` and `statement_timeout` in
   * every migration transaction. Defaults: 5000 ms and 0 (none), as in the config defaults.
   */
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  /** Tables known to be new (created earlier in the same migration, e.g. by a previous call). */
  readonly createdTables?: readonly string[];
}
