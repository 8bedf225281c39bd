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
    comment() {},
  };
}
