import type { Statement } from '../core/sql/statement.js';
import { loadParser, parseStatements } from '../parser/parse-sql.js';

// Interim until the op work's sqlToStatements lands: PostgreSQL's parser splits, a short list
// marks what cannot run in a transaction block (postgres-safety.md).
const NON_TRANSACTIONAL =
  /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b[^;]*\bCONCURRENTLY|ALTER\s+TABLE\b[^;]*\bDETACH\s+PARTITION\b[^;]*\bCONCURRENTLY|VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|CREATE\s+TABLESPACE|DROP\s+TABLESPACE|ALTER\s+SYSTEM|REINDEX\s+(?:DATABASE|SYSTEM))\b/i;

/** Splits a SQL section into Statements with file and line. */
export async function sqlTextToStatements(
  text: string,
  file: string,
  lineOffset: number,
): Promise<Statement[]> {
  await loadParser();
  return parseStatements(text, { file, lineOffset }).map((p) => ({
    sql: p.sql,
    transactional: !NON_TRANSACTIONAL.test(p.sql),
    source: { file, line: p.line },
  }));
}
