import type { LintStatement } from '../core/lint/diagnostic.js';
import type { LintSuppression, Statement } from '../core/sql/statement.js';
import { parseStatements, type ParseOptions } from './parse-sql.js';
import { commitMarkedAbove, parseIgnoreComment } from './sql-statements.js';

/** SQL text prepared for `lintStatements`. */
export interface LintInput {
  readonly statements: LintStatement[];
  /** `-- retort-ignore` comments directly above no statement (reported as unused). */
  readonly strayIgnores: { line: number; text: string }[];
}

const IGNORE_LINE = /^\s*--\s*retort-ignore\b/;

/**
 * SQL text → statements ready for `lintStatements`: parsed by PostgreSQL's grammar, with the
 * `-- retort-ignore <rule>[, <rule>]: <reason>` comments in the run of `--` lines directly above
 * each statement (the op helpers' `sqlToStatements` syntax and placement). Unlike
 * `sqlToStatements`, a comment without a reason does not throw: it becomes a suppression with an
 * empty reason, which the linter reports (RT002) and does not honour. Call `loadParser()` first.
 *
 * @example
 * await loadParser();
 * const { statements } = sqlToLintInput(text, { file: 'migrations/abc_init.sql', lineOffset: 3 });
 * lintStatements(statements, { file: 'migrations/abc_init.sql' });
 */
export function sqlToLintInput(text: string, options: ParseOptions = {}): LintInput {
  const lineOffset = options.lineOffset ?? 0;
  const lines = text.split('\n');
  const attached = new Set<number>();
  const statements = parseStatements(text, options).map((parsed) => {
    const lintIgnore: LintSuppression[] = [];
    for (let i = parsed.line - lineOffset - 2; i >= 0; i--) {
      const line = lines[i] ?? '';
      if (!/^\s*--/.test(line)) break;
      if (!IGNORE_LINE.test(line)) continue;
      attached.add(i);
      lintIgnore.unshift(...tolerantIgnore(line, { file: options.file, line: i + 1 + lineOffset }));
    }
    const commitBefore = commitMarkedAbove(lines, parsed.line - lineOffset - 1);
    return {
      ...parsed,
      ...(commitBefore ? { commitBefore } : {}),
      ...(lintIgnore.length === 0 ? {} : { lintIgnore }),
    };
  });
  const strayIgnores = lines.flatMap((line, i) =>
    IGNORE_LINE.test(line) && !attached.has(i)
      ? [{ line: i + 1 + lineOffset, text: line.trim() }]
      : [],
  );
  return { statements, strayIgnores };
}

/** parseIgnoreComment, but a missing reason gives an empty reason instead of an error. */
function tolerantIgnore(
  line: string,
  where: { file?: string | undefined; line: number },
): LintSuppression[] {
  try {
    return parseIgnoreComment(line, where) ?? [];
  } catch {
    const body = line.replace(/^\s*--\s*retort-ignore\b/, '');
    const colon = body.indexOf(':');
    const rules = (colon < 0 ? body : body.slice(0, colon))
      .split(/[,\s]+/)
      .filter((r) => r.length > 0);
    const reason = colon < 0 ? '' : body.slice(colon + 1).trim();
    return (rules.length > 0 ? rules : ['(none)']).map((rule) => ({ rule, reason }));
  }
}

/**
 * Rendered statements (a TypeScript migration's op calls) → lint statements. Each statement's
 * SQL is parsed on its own; `lineOf` places it in the migration file (the op call's line).
 */
export function renderedToLintStatements(
  statements: readonly Statement[],
  options: {
    file?: string | undefined;
    lineOf?: (statement: Statement, index: number) => number;
  } = {},
): LintStatement[] {
  const out: LintStatement[] = [];
  statements.forEach((statement, index) => {
    const line = statement.source?.line ?? options.lineOf?.(statement, index) ?? 1;
    for (const parsed of parseStatements(statement.sql, { file: options.file })) {
      out.push({
        ...parsed,
        line,
        column: 1,
        transactional: statement.transactional,
        ...(statement.commitBefore ? { commitBefore: true } : {}),
        ...(statement.lintIgnore ? { lintIgnore: statement.lintIgnore } : {}),
      });
    }
  });
  return out;
}
