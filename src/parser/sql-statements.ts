import { InvalidLintIgnoreError } from '../core/ops/op-errors.js';
import { classifyStatement } from '../core/sql/classify-statement.js';
import type { LintSuppression, Statement } from '../core/sql/statement.js';
import { forEachStatement, parseStatements, type ParseOptions } from './parse-sql.js';

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
 * The lines of a text read upwards from a position, without splitting the text (a data migration
 * has hundreds of thousands of lines): `lineStart` is the offset where a line begins; the line
 * above it is {@link lineAbove}.
 */
function lineAbove(text: string, lineStart: number): { start: number; text: string } | undefined {
  if (lineStart <= 0) return undefined;
  const start = text.lastIndexOf('\n', lineStart - 2) + 1;
  // As `split(/\r?\n/)`: a CRLF line's \r is not part of it.
  const end = text.charCodeAt(lineStart - 2) === 13 ? lineStart - 2 : lineStart - 1;
  return { start, text: text.slice(start, Math.max(start, end)) };
}

/** The offset where the line holding `offset` begins. */
function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The suppressions in the run of `--` comment lines directly above the line that begins at
 * `lineStart` (line number `line` in the file). A blank line or any other text ends the run. Lines used are added to `attached`
 * (by their start offset).
 */
function suppressionsAbove(
  text: string,
  lineStart: number,
  line: number,
  where: { file?: string | undefined },
  strict: boolean,
  attached: Set<number>,
): LintSuppression[] {
  const found: LintSuppression[] = [];
  let above = lineAbove(text, lineStart);
  for (let n = line - 1; above !== undefined; n--, above = lineAbove(text, above.start)) {
    if (!/^\s*--/.test(above.text)) break;
    if (!IGNORE_LINE.test(above.text)) continue;
    attached.add(above.start);
    const at = { file: where.file, line: n };
    found.unshift(
      ...(strict ? (parseIgnoreComment(above.text, at) ?? []) : tolerantIgnore(above.text, at)),
    );
  }
  return found;
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

const COMMIT_MARKER = /^\s*--\s*retort-commit\s*$/;

/**
 * True when the run of `--` comment lines directly above the line that begins at `lineStart`
 * holds a `-- retort-commit` line: the SQL spelling of `op.commit()`, the statement starts a new
 * transaction.
 *
 * @example
 * const text = 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n-- retort-commit\nALTER TABLE t VALIDATE CONSTRAINT c;';
 * commitMarkedAbove(text, text.lastIndexOf('ALTER')); // true
 */
export function commitMarkedAbove(text: string, lineStart: number): boolean {
  for (let above = lineAbove(text, lineStart); above; above = lineAbove(text, above.start)) {
    if (!/^\s*--/.test(above.text)) return false;
    if (COMMIT_MARKER.test(above.text)) return true;
  }
  return false;
}

/** A SQL text split by PostgreSQL's parser: its statements and the suppressions above none. */
export interface ParsedSql {
  /** Each with its parse tree (`ast`), classification, source line and column, suppressions. */
  readonly statements: Statement[];
  /** `-- retort-ignore` comments directly above no statement (reported as unused). */
  readonly strayIgnores: { line: number; text: string }[];
}

const IGNORE_LINE = /^\s*--\s*retort-ignore\b/;

/**
 * The one splitter of SQL text (a .sql migration's section, or the text of `op.execute`) into
 * Statements, for every path — runner, linter, `--sql`: split and parsed by PostgreSQL's own
 * parser, each with its parse tree, its source file, line and column, `transactional: false` for
 * statements that cannot run in a transaction block, `addsEnumValue` for `ALTER TYPE … ADD
 * VALUE`, `lintIgnore` from `-- retort-ignore <rule>[, <rule>…]: <reason>` comment lines directly
 * above it, and `commitBefore` when those lines hold `-- retort-commit`. With `strict` a
 * malformed suppression throws InvalidLintIgnoreError; without, it becomes a suppression with an
 * empty reason, which the linter reports (RT002) and does not honour. Call `await loadParser()`
 * first.
 *
 * @example
 * await loadParser();
 * parseSql('SELECT 1;\n-- retort-commit\nSELECT 2;', { file: 'm.sql' }).statements[1]?.commitBefore; // true
 */
export function parseSql(
  text: string,
  options: ParseOptions & { strict?: boolean } = {},
): ParsedSql {
  const statements: Statement[] = [];
  const { strayIgnores } = forEachSqlStatement(text, options, (s) => statements.push(s));
  return { statements, strayIgnores };
}

/**
 * {@link parseSql}, statement by statement: `visit` gets each Statement (with its parse tree) in
 * order, and nothing keeps the trees afterwards unless the visitor does — a data migration of
 * hundreds of thousands of statements is read with one piece of trees in memory at a time.
 * Returns the `-- retort-ignore` comments directly above no statement.
 *
 * @example
 * await loadParser();
 * forEachSqlStatement('CREATE INDEX CONCURRENTLY i ON t (a);', {}, (s) => s.transactional); // false
 */
export function forEachSqlStatement(
  text: string,
  options: ParseOptions & { strict?: boolean },
  visit: (statement: Statement) => void,
): { strayIgnores: { line: number; text: string }[] } {
  const lineOffset = options.lineOffset ?? 0;
  const attached = new Set<number>();
  const where = { file: options.file };
  const strict = options.strict === true;
  forEachStatement(text, options, (parsed) => {
    const lineStart = lineStartOf(text, parsed.offset);
    const classification = classifyStatement(parsed.ast);
    const lintIgnore = suppressionsAbove(text, lineStart, parsed.line, where, strict, attached);
    const statement: Statement = {
      sql: parsed.sql,
      transactional: classification.transactional,
      source:
        options.file === undefined
          ? { line: parsed.line, column: parsed.column }
          : { file: options.file, line: parsed.line, column: parsed.column },
      ...(lintIgnore.length === 0 ? {} : { lintIgnore }),
      ...(commitMarkedAbove(text, lineStart) ? { commitBefore: true } : {}),
      ...(classification.addsEnumValue === undefined
        ? {}
        : { addsEnumValue: classification.addsEnumValue }),
      ast: parsed.ast,
    };
    visit(statement);
  });
  return { strayIgnores: strayIgnoresOf(text, lineOffset, attached) };
}

/** `-- retort-ignore` lines of a text not attached to a statement, with their line numbers. */
function strayIgnoresOf(
  text: string,
  lineOffset: number,
  attached: ReadonlySet<number>,
): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let line = 1;
  let counted = 0;
  let previousStart = -1;
  for (
    let at = text.indexOf('retort-ignore');
    at !== -1;
    at = text.indexOf('retort-ignore', at + 1)
  ) {
    const start = lineStartOf(text, at);
    if (start === previousStart) continue;
    previousStart = start;
    for (
      let i = text.indexOf('\n', counted);
      i !== -1 && i < start;
      i = text.indexOf('\n', i + 1)
    ) {
      line++;
      counted = i + 1;
    }
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    else if (text.charCodeAt(end - 1) === 13) end--;
    const lineText = text.slice(start, end);
    if (IGNORE_LINE.test(lineText) && !attached.has(start))
      out.push({ line: line + lineOffset, text: lineText.trim() });
  }
  return out;
}

/**
 * {@link parseSql} in strict mode, statements only: what `op.execute` text becomes.
 *
 * @example
 * await loadParser();
 * sqlToStatements('-- retort-ignore require-concurrent-index-creation: empty table\nCREATE INDEX ix ON t (a);', { file: 'up.sql' });
 * // → [{ sql: 'CREATE INDEX ix ON t (a)', transactional: true, source: { file: 'up.sql', line: 2, column: 1 },
 * //      lintIgnore: [{ rule: 'require-concurrent-index-creation', reason: 'empty table' }], ast: {…} }]
 */
export function sqlToStatements(text: string, options: ParseOptions = {}): Statement[] {
  return parseSql(text, { ...options, strict: true }).statements;
}

/**
 * Statements rendered by the op API, with their parse trees: a text holding several statements
 * becomes several (so what is linted is what is sent). A statement is transactional only when
 * both the renderer and PostgreSQL's grammar say so; `addsEnumValue` comes from the tree.
 * Statements that already have a tree (split from `op.execute` text) are kept as they are.
 */
export function parseRendered(statements: readonly Statement[]): Statement[] {
  const out: Statement[] = [];
  for (const statement of statements) {
    if (statement.ast !== undefined) {
      out.push(statement);
      continue;
    }
    const parsed = parseStatements(statement.sql, { file: statement.source?.file });
    for (const p of parsed) {
      const classification = classifyStatement(p.ast);
      const { addsEnumValue: _rendered, ...rest } = statement;
      out.push({
        ...rest,
        sql: parsed.length === 1 ? statement.sql : p.sql,
        transactional: statement.transactional && classification.transactional,
        ...(classification.addsEnumValue === undefined
          ? {}
          : { addsEnumValue: classification.addsEnumValue }),
        ast: p.ast,
      });
    }
  }
  return out;
}
