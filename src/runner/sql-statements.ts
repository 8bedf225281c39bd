import type { Statement } from '../core/sql/statement.js';
import { loadParser, parseStatements } from '../parser/parse-sql.js';

// Interim until the op work's sqlToStatements lands: PostgreSQL's parser splits, a short list
// marks what cannot run in a transaction block (postgres-safety.md).
const NON_TRANSACTIONAL =
  /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b[^;]*\bCONCURRENTLY|ALTER\s+TABLE\b[^;]*\bDETACH\s+PARTITION\b[^;]*\bCONCURRENTLY|VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|CREATE\s+TABLESPACE|DROP\s+TABLESPACE|ALTER\s+SYSTEM|REINDEX\s+(?:DATABASE|SYSTEM))\b/i;

/** Loads the parser, then returns a splitter of SQL text into Statements with file and line. */
export async function sqlSplitter(
  file: string,
): Promise<(text: string, lineOffset?: number) => Statement[]> {
  await loadParser();
  return (text, lineOffset = 0) =>
    parseStatements(text, { file, lineOffset }).map((p) => ({
      sql: p.sql,
      transactional: !NON_TRANSACTIONAL.test(p.sql),
      source: { file, line: p.line },
    }));
}
