import { splitStatements } from '../core/runner/split-statements.js';
import type { Statement } from '../core/sql/statement.js';

/**
 * Words without which no statement is non-transactional, adds an enum value, has a `BEGIN ATOMIC`
 * body, or carries a lint suppression (see src/core/sql/classify-statement.ts).
 */
const NEEDS_PARSER =
  /\b(?:concurrently|vacuum|database|tablespace|system|cluster|subscription|value|atomic|retort-ignore)\b/i;

/**
 * Returns a splitter of SQL text into Statements for one migration file. Files that may hold a
 * statement needing classification go through PostgreSQL's parser (`sqlToStatements`); the rest
 * — most migrations — are split lexically, every statement transactional, so running them never
 * loads the WebAssembly parser (a faster start and a third less memory).
 */
export async function sqlSplitter(
  file: string,
  fileText: string,
): Promise<(text: string, lineOffset?: number) => Statement[]> {
  if (NEEDS_PARSER.test(fileText)) {
    const { loadParser, sqlToStatements } = await import('../parser/sql-statements.js');
    await loadParser();
    return (text, lineOffset = 0) => sqlToStatements(text, { file, lineOffset });
  }
  return (text, lineOffset = 0) =>
    (splitStatements(text, lineOffset) ?? []).map((p) => ({
      sql: p.sql,
      transactional: true,
      source: { file, line: p.line },
    }));
}
