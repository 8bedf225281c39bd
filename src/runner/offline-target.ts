import type { Statement } from '../core/sql/statement.js';
import type { ExecutionTarget } from './execution-target.js';

/** Writes the engine's SQL as a script for psql; knows nothing about any database. */
export function offlineTarget(): ExecutionTarget & { text(): string } {
  const out: string[] = [];
  let inTransaction = false;
  const line = (sql: string): void => {
    out.push(`${sql.trimEnd()};`);
  };
  return {
    online: false,
    get inTransaction() {
      return inTransaction;
    },
    async begin(settings) {
      line('BEGIN');
      for (const s of settings) line(s);
      inTransaction = true;
    },
    async commit(last = []) {
      for (const s of last) line(s);
      line('COMMIT');
      out.push('');
      inTransaction = false;
    },
    async rollback() {
      inTransaction = false;
    },
    async statement(statement: Statement) {
      if (!statement.transactional) out.push('-- cannot run inside a transaction block');
      line(statement.sql);
    },
    async bookkeeping(sql) {
      for (const s of sql) line(s);
    },
    comment(text) {
      out.push(`-- ${text}`);
    },
    text() {
      return `${out.join('\n')}\n`;
    },
  };
}
