import { splitStatements } from '../core/runner/split-statements.js';
import type { Statement } from '../core/sql/statement.js';

// Interim until the op work's classification lands: what cannot run in a transaction block
// (postgres-safety.md).
const NON_TRANSACTIONAL =
  /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b[^;]*\bCONCURRENTLY|ALTER\s+TABLE\b[^;]*\bDETACH\s+PARTITION\b[^;]*\bCONCURRENTLY|VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|CREATE\s+TABLESPACE|DROP\s+TABLESPACE|ALTER\s+SYSTEM|REINDEX\s+(?:DATABASE|SYSTEM))\b/i;

const ATOMIC = /\bbegin\s+atomic\b/i;

/**
 * Returns a splitter of SQL text into Statements with file and line for one migration file. A
 * lexical split keeps the runner light (no WebAssembly parser: faster start, a fraction of the
 * memory); a file with `BEGIN ATOMIC` bodies (semicolons inside one statement) is split by
 * PostgreSQL's own parser instead, loaded only then.
 */
export async function sqlSplitter(
  file: string,
  fileText: string,
): Promise<(text: string, lineOffset?: number) => Statement[]> {
  let split = (text: string, lineOffset: number): { sql: string; line: number }[] =>
    splitStatements(text, lineOffset) ?? [];
  if (ATOMIC.test(fileText)) {
    const { loadParser, parseStatements } = await import('../parser/parse-sql.js');
    await loadParser();
    split = (text, lineOffset) => parseStatements(text, { file, lineOffset });
  }
  return (text, lineOffset = 0) =>
    split(text, lineOffset).map((p) => ({
      sql: p.sql,
      transactional: !NON_TRANSACTIONAL.test(p.sql),
      source: { file, line: p.line },
    }));
}
