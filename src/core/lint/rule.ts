import type { Node, RelationName } from './ast.js';
import type { LintStatement, RuleFinding, Severity } from './diagnostic.js';

/**
 * What a rule knows about the statement's surroundings. The engine keeps it up to date as it
 * walks a migration's statements in order.
 */
export interface RuleContext {
  /** The statement being checked. */
  readonly statement: LintStatement;
  /** Its node type (`AlterTableStmt`, …) and body. */
  readonly kind: string;
  readonly node: Node;
  /** Oldest PostgreSQL major version the migration must be safe on. */
  readonly targetVersion: number;
  /** True when the statement runs inside a transaction block (the migration's or an explicit BEGIN). */
  readonly inTransaction: boolean;
  /** True when the migration's own transaction wraps it (a BEGIN here would nest). */
  readonly wrappedByRunner: boolean;
  /** Whether the table was created earlier in this migration (so it is new and empty). */
  isNewTable(rel: RelationName | undefined): boolean;
  /** Enum labels added in the current transaction: label → enum type name. */
  readonly enumValuesAddedInTransaction: ReadonlyMap<string, string>;
  /** Constraints added `NOT VALID` in the current transaction (`table.constraint`). */
  readonly notValidInTransaction: ReadonlySet<string>;
  /** Columns proven non-null by a validated `CHECK (col IS NOT NULL)` (`table.column`). */
  readonly provenNotNull: ReadonlySet<string>;
  /** Effective `lock_timeout` in ms for this statement (0 = wait forever), and where it was set. */
  readonly lockTimeoutMs: number;
  readonly lockTimeoutSource: 'runner' | 'sql';
  readonly statementTimeoutMs: number;
  readonly statementTimeoutSource: 'runner' | 'sql';
  /** Extensions created (`CREATE EXTENSION`) earlier in this lint session. */
  readonly extensions: ReadonlySet<string>;
  /** True once the named rule has reported in this migration (for once-per-migration rules). */
  hasReported(rule: string): boolean;
}

/**
 * A lint rule: one hazard, one file. `check` is pure and returns zero or more findings for one
 * statement.
 *
 * @example
 * export const banDropDatabase: LintRule = {
 *   code: 'RT205', name: 'ban-drop-database', severity: 'error', summary: 'DROP DATABASE in a migration',
 *   example: { bad: 'DROP DATABASE app', good: '-- run by hand' },
 *   check: (ctx) => ctx.kind === 'DropdbStmt' ? [{ message: '…', impact: '…', safeAlternative: '…' }] : [],
 * };
 */
export interface LintRule {
  /** Stable code, `RT` + three digits. */
  readonly code: string;
  /** Kebab-case name (squawk's or strong_migrations' where one exists). */
  readonly name: string;
  /** Default severity; config `lint.rules` may change it. */
  readonly severity: Severity;
  /**
   * Statement kinds (`AlterTableStmt`, …) the rule can flag; the engine skips it for others.
   * Omitted: every statement.
   */
  readonly kinds?: readonly string[];
  /** One line for `docs/lint.md` and `--help`. */
  readonly summary: string;
  /** A statement it flags and the safe alternative (used by the docs and the corpus test). */
  readonly example: { readonly bad: string; readonly good: string };
  /** Lint options the example needs (a rule about transactional: false migrations). */
  readonly exampleOptions?: { readonly transactional?: boolean };
  check(ctx: RuleContext): RuleFinding[];
}
