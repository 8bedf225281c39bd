import { attachSuppressions, parseSuppressionComments } from '../core/lint/suppression-comments.js';
import type { LintStatement } from '../core/lint/diagnostic.js';
import type { Statement } from '../core/sql/statement.js';
import { parseStatements, type ParseOptions } from './parse-sql.js';

/**
 * SQL text → statements ready for `lintStatements`: parsed by PostgreSQL's grammar, with the
 * `-- retort-ignore` comments attached to the statement that follows them. Call `loadParser()`
 * first.
 *
 * @example
 * await loadParser();
 * lintStatements(sqlToLintStatements(text, { file: 'migrations/abc_init.sql', lineOffset: 3 }));
 */
export function sqlToLintStatements(text: string, options: ParseOptions = {}): LintStatement[] {
  const parsed = parseStatements(text, options);
  return attachSuppressions(parsed, parseSuppressionComments(text, options.lineOffset ?? 0));
}

/**
 * Rendered statements (a TypeScript migration's op calls) → lint statements. Each statement's
 * SQL is parsed on its own; its position is the op call's line when the renderer recorded one.
 */
export function renderedToLintStatements(
  statements: readonly Statement[],
  options: { file?: string | undefined } = {},
): LintStatement[] {
  const out: LintStatement[] = [];
  for (const statement of statements) {
    const line = statement.source?.line ?? 1;
    for (const parsed of parseStatements(statement.sql, { file: options.file })) {
      out.push({
        ...parsed,
        line,
        column: 1,
        transactional: statement.transactional,
        ...(statement.lintIgnore ? { lintIgnore: statement.lintIgnore } : {}),
      });
    }
  }
  return out;
}
