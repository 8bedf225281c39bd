import { quoteIdent } from '../core/sql/quote.js';
import type { Statement } from '../core/sql/statement.js';
import { parseStatements } from '../parser/parse-sql.js';
import type { DatabaseClient } from '../database/client.js';
import { UnitBatchError, type ExecutionTarget } from './execution-target.js';

/** Runs the engine's SQL on a connection. Bookkeeping goes as one round trip. */
export function onlineTarget(db: DatabaseClient): ExecutionTarget {
  let inTransaction = false;
  return {
    online: true,
    get inTransaction() {
      return inTransaction;
    },
    async begin(settings) {
      await db.exec(['BEGIN', ...settings].join(';\n'));
      inTransaction = true;
    },
    async commit(last = []) {
      try {
        await db.exec([...last, 'COMMIT'].join(';\n'));
      } finally {
        // A failure before COMMIT leaves the transaction aborted: rollback() must still end it.
        if (last.length === 0) inTransaction = false;
      }
      inTransaction = false;
    },
    async rollback() {
      if (!inTransaction) return;
      inTransaction = false;
      await db.exec('ROLLBACK').catch(() => undefined);
    },
    async statement(statement: Statement) {
      await db.query(statement.sql);
    },
    async bookkeeping(sql) {
      if (sql.length > 0) await db.exec(sql.join(';\n'));
    },
    async query(sql, params) {
      return (await db.query(sql, params)).rows;
    },
    // PGlite runs in process: statements go one by one (no round trip to save), so a failure
    // is its own statement. A server gets the whole unit in one round trip.
    ...(db.kind === 'pglite'
      ? {}
      : {
          transaction: {
            async run(settings, statements, bookkeeping) {
              // "\n;" so a statement ending in a -- comment cannot swallow the separator.
              const head = ['BEGIN', ...settings];
              const parts = [...head, ...statements.map((st) => `${st.sql}\n`), ...bookkeeping];
              const text = [...parts, 'COMMIT'].join(';\n');
              try {
                await db.exec(text);
              } catch (error) {
                await db.exec('ROLLBACK').catch(() => undefined);
                throw locateInBatch(error, parts, head.length, statements);
              }
            },
          },
        }),
    async lockHolders(statement) {
      const tables = tablesOf(statement);
      if (tables.length === 0) return [];
      const r = await db.query<Record<string, unknown>>(LOCK_HOLDERS_SQL, [tables]);
      return r.rows.map((row) => ({
        pid: Number(row['pid']),
        applicationName: String(row['application_name'] ?? ''),
        user: String(row['usename'] ?? ''),
        state: String(row['state'] ?? ''),
        queryStart: row['query_start'] == null ? undefined : String(row['query_start']),
        transactionStart: row['xact_start'] == null ? undefined : String(row['xact_start']),
        query: String(row['query'] ?? ''),
        mode: String(row['mode'] ?? ''),
        table: String(row['rel'] ?? ''),
      }));
    },
    comment() {},
  };
}

/**
 * Which statement of a batch failed, from the server's answer alone: PostgreSQL's error position
 * counts characters in the whole batch text; without one, node-postgres' count of completed
 * commands (BEGIN and the settings first) says how far it got.
 */
function locateInBatch(
  error: unknown,
  parts: readonly string[],
  headCount: number,
  statements: readonly Statement[],
): UnitBatchError {
  const e = error as { position?: string | number; completedCommands?: number };
  const position = e.position === undefined ? undefined : Number(e.position);
  if (position !== undefined && Number.isFinite(position)) {
    let offset = 0;
    for (const [i, part] of parts.entries()) {
      const end = offset + part.length;
      if (position - 1 < end + 2) {
        const index = i - headCount;
        const statement = index >= 0 && index < statements.length ? statements[index] : undefined;
        return new UnitBatchError(error, statement, statement ? position - offset : undefined);
      }
      offset = end + 2; // ";\n"
    }
  }
  if (typeof e.completedCommands === 'number') {
    const index = e.completedCommands - headCount;
    const statement = index >= 0 && index < statements.length ? statements[index] : undefined;
    return new UnitBatchError(error, statement, undefined);
  }
  return new UnitBatchError(error, undefined, undefined);
}

/** Tables a statement names (its RangeVars), as `schema.table` or `table` text. */
function tablesOf(statement: Statement): string[] {
  const out = new Set<string>();
  try {
    for (const parsed of parseStatements(statement.sql)) {
      const stack: unknown[] = [parsed.ast];
      while (stack.length > 0) {
        const v = stack.pop();
        if (v === null || typeof v !== 'object') continue;
        for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
          if (child === null || typeof child !== 'object') continue;
          const rel = child as { relname?: unknown; schemaname?: unknown };
          if (
            (key === 'relation' || key === 'RangeVar' || key === 'pktable') &&
            typeof rel.relname === 'string'
          )
            out.add(
              typeof rel.schemaname === 'string'
                ? `${quoteIdent(rel.schemaname)}.${quoteIdent(rel.relname)}`
                : quoteIdent(rel.relname),
            );
          stack.push(child);
        }
      }
    }
  } catch {
    // Not parseable here (or the parser is not loaded): no table to name.
  }
  return [...out];
}

const LOCK_HOLDERS_SQL = `SELECT l.pid, a.application_name, a.usename, a.state, a.query_start::text AS query_start,
  a.xact_start::text AS xact_start, left(a.query, 200) AS query, l.mode, l.relation::regclass::text AS rel
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_backend_pid()
  AND l.relation IN (SELECT to_regclass(t) FROM unnest($1::text[]) AS t)
ORDER BY a.xact_start NULLS LAST LIMIT 5`;
