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
    async commit() {
      inTransaction = false;
      await db.exec('COMMIT');
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
