import type { LintStatement } from '../core/lint/diagnostic.js';
import { groupUnits, unitStatements } from '../core/runner/units.js';
import type { Statement } from '../core/sql/statement.js';
import type { ParseOptions } from './parse-sql.js';
import { parseRendered, parseSql } from './sql-statements.js';

/** SQL text prepared for `lintStatements`. */
export interface LintInput {
  readonly statements: LintStatement[];
  /** `-- retort-ignore` comments directly above no statement (reported as unused). */
  readonly strayIgnores: { line: number; text: string }[];
}

/**
 * Statements of a run's units (see `groupUnits`) → what `lintStatements` reads: the same
 * statements, each with its parse tree, line and column, `commitBefore` on the first statement
 * of a unit that starts with a commit. `lineOf` places a statement that has no line (an op call
 * whose call site is unknown).
 */
export function toLintStatements(
  statements: readonly Statement[],
  lineOf?: (statement: Statement, index: number) => number,
): LintStatement[] {
  return statements.map((statement, index) =>
    toLintStatement(statement, lineOf && ((s) => lineOf(s, index))),
  );
}

/** One statement of {@link toLintStatements}. */
export function toLintStatement(
  statement: Statement,
  lineOf?: (statement: Statement) => number,
): LintStatement {
  if (statement.ast === undefined) {
    throw new Error(`statement without a parse tree: ${statement.sql.slice(0, 60)}`);
  }
  return {
    sql: statement.sql,
    ast: statement.ast as Record<string, unknown>,
    line: statement.source?.line ?? lineOf?.(statement) ?? 1,
    column: statement.source?.column ?? 1,
    transactional: statement.transactional,
    ...(statement.commitBefore ? { commitBefore: true } : {}),
    ...(statement.lintIgnore ? { lintIgnore: statement.lintIgnore } : {}),
  };
}

/**
 * SQL text → statements ready for `lintStatements`, through the runner's own pipeline: the one
 * splitter (`parseSql`, tolerant of a suppression without a reason: the linter reports it) and
 * the one grouping into transaction units (`groupUnits`). Call `loadParser()` first.
 *
 * @example
 * await loadParser();
 * const { statements } = sqlToLintInput(text, { file: 'migrations/abc_init.sql', lineOffset: 3 });
 * lintStatements(statements, { file: 'migrations/abc_init.sql' });
 */
export function sqlToLintInput(text: string, options: ParseOptions = {}): LintInput {
  const parsed = parseSql(text, options);
  return {
    statements: toLintStatements(unitStatements(groupUnits(parsed.statements))),
    strayIgnores: parsed.strayIgnores,
  };
}

/**
 * Rendered statements (a TypeScript migration's op calls) → lint statements, through the same
 * parse and unit grouping as the runner; `lineOf` places a statement without a line.
 */
export function renderedToLintStatements(
  statements: readonly Statement[],
  options: { lineOf?: (statement: Statement, index: number) => number } = {},
): LintStatement[] {
  return toLintStatements(unitStatements(groupUnits(parseRendered(statements))), options.lineOf);
}
