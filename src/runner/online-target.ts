import type { Statement } from '../core/sql/statement.js';
import type { DatabaseClient } from '../database/client.js';
import type { ExecutionTarget } from './execution-target.js';

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
    transaction: {
      async run(settings, statements, bookkeeping) {
        // "\n;" so a statement ending in a -- comment cannot swallow the separator.
        const body = statements.map((st) => `${st.sql}\n`);
        try {
          await db.exec(['BEGIN', ...settings, ...body, ...bookkeeping, 'COMMIT'].join(';\n'));
        } catch (error) {
          await db.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      },
      async locate(settings, statements) {
        await db.exec(['BEGIN', ...settings].join(';\n'));
        try {
          for (const statement of statements) {
            const error = await db.query(statement.sql).then(
              () => undefined,
              (e: unknown) => e,
            );
            if (error !== undefined) return { statement, error };
          }
          return undefined;
        } finally {
          await db.exec('ROLLBACK').catch(() => undefined);
        }
      },
    },
    comment() {},
  };
}
