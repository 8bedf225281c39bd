import { InvalidLintIgnoreError } from '../core/ops/op-errors.js';
import { classifyStatement } from '../core/sql/classify-statement.js';
import type { LintSuppression, Statement } from '../core/sql/statement.js';
import { parseStatements, type ParseOptions } from './parse-sql.js';

export { loadParser } from './parse-sql.js';

const ignorePattern = /^\s*--\s*retort-ignore\b(.*)$/;
const rulePattern = /^[A-Za-z0-9_-]+$/;

/**
 * Parses one `-- retort-ignore <rule>[, <rule>…]: <reason>` comment line. Returns undefined for
 * other lines; throws when the comment is malformed (no rule, no reason).
 *
 * @example
 * parseIgnoreComment('-- retort-ignore ban-drop-column: unused since v2', { file: 'a.sql', line: 3 });
 * // → [{ rule: 'ban-drop-column', reason: 'unused since v2' }]
 */
export function parseIgnoreComment(
  text: string,
  where: { file?: string | undefined; line: number },
): LintSuppression[] | undefined {
  const match = ignorePattern.exec(text);
  if (match === null) return undefined;
  const location = `${where.file ?? '<sql>'}:${where.line}`;
  const body = match[1] ?? '';
  const colon = body.indexOf(':');
  const rulesText = colon === -1 ? body : body.slice(0, colon);
  const reason = colon === -1 ? '' : body.slice(colon + 1).trim();
  const rules = rulesText
    .split(',')
    .map((rule) => rule.trim())
    .filter((rule) => rule !== '');
  const details = { file: where.file, line: where.line };
  if (rules.length === 0) {
    throw new InvalidLintIgnoreError(`${location}: retort-ignore comment names no rule`, details);
  }
  const bad = rules.find((rule) => !rulePattern.test(rule));
  if (bad !== undefined) {
    throw new InvalidLintIgnoreError(
      `${location}: '${bad}' is not a rule name (rules are separated by commas, the reason follows a colon)`,
      details,
    );
  }
  if (reason === '') {
    throw new InvalidLintIgnoreError(
      `${location}: retort-ignore ${rules.join(', ')} has no reason; write \`-- retort-ignore ${rules.join(', ')}: <why>\``,
      details,
    );
  }
  return rules.map((rule) => ({ rule, reason }));
}

/**
 * The suppressions in the run of `--` comment lines directly above line `line` (1-based within
 * `lines`). A blank line or any other text ends the run.
 */
function suppressionsAbove(
  lines: readonly string[],
  index: number,
  where: { file?: string | undefined; lineOffset: number },
): LintSuppression[] {
  const found: LintSuppression[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const text = lines[i] ?? '';
    if (!/^\s*--/.test(text)) break;
    const parsed = parseIgnoreComment(text, { file: where.file, line: i + 1 + where.lineOffset });
    if (parsed !== undefined) found.unshift(...parsed);
  }
  return found;
}

const COMMIT_MARKER = /^\s*--\s*retort-commit\s*$/;

/**
 * True when the run of `--` comment lines directly above line `index` (0-based) holds a
 * `-- retort-commit` line: the SQL spelling of `op.commit()`, the statement starts a new
 * transaction.
 *
 * @example
 * commitMarkedAbove(['ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;', '-- retort-commit', 'ALTER TABLE t VALIDATE CONSTRAINT c;'], 2); // true
 */
export function commitMarkedAbove(lines: readonly string[], index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const text = lines[i] ?? '';
    if (!/^\s*--/.test(text)) return false;
    if (COMMIT_MARKER.test(text)) return true;
  }
  return false;
}

/**
 * Turns SQL text (a .sql migration, or the text of `op.execute`) into Statements: split and
 * parsed by PostgreSQL's own parser, each with its source file and line, `transactional: false`
 * for statements that cannot run in a transaction block, `addsEnumValue` for `ALTER TYPE … ADD
 * VALUE`, `lintIgnore` from `-- retort-ignore <rule>[, <rule>…]: <reason>` comment lines
 * directly above it, and `commitBefore` when those lines hold `-- retort-commit`. Call `await loadParser()` first.
 *
 * @example
 * await loadParser();
 * sqlToStatements('-- retort-ignore require-concurrent-index-creation: empty table\nCREATE INDEX ix ON t (a);', { file: 'up.sql' });
 * // → [{ sql: 'CREATE INDEX ix ON t (a)', transactional: true, source: { file: 'up.sql', line: 2 },
 * //      lintIgnore: [{ rule: 'require-concurrent-index-creation', reason: 'empty table' }] }]
 */
export function sqlToStatements(text: string, options: ParseOptions = {}): Statement[] {
  const lineOffset = options.lineOffset ?? 0;
  // CRLF files: the \r is not part of a comment's reason.
  const lines = text.split(/\r?\n/);
  return parseStatements(text, options).map((parsed) => {
    const classification = classifyStatement(parsed.ast);
    const lintIgnore = suppressionsAbove(lines, parsed.line - lineOffset - 1, {
      file: options.file,
      lineOffset,
    });
    return {
      sql: parsed.sql,
      transactional: classification.transactional,
      source: {
        ...(options.file === undefined ? {} : { file: options.file }),
        line: parsed.line,
      },
      ...(lintIgnore.length === 0 ? {} : { lintIgnore }),
      ...(commitMarkedAbove(lines, parsed.line - lineOffset - 1) ? { commitBefore: true } : {}),
      ...(classification.addsEnumValue === undefined
        ? {}
        : { addsEnumValue: classification.addsEnumValue }),
    };
  });
}
