import { quoteLiteral } from '../sql/quote.js';
import type { Statement } from '../sql/statement.js';

/** Statements that run together: one transaction, or one statement alone outside any. */
export interface Unit {
  readonly transactional: boolean;
  readonly statements: readonly Statement[];
  /**
   * True when this unit must start in a new transaction even in single-transaction mode (it
   * uses an enum value added by the previous unit, which PostgreSQL allows only after a commit).
   */
  readonly commitBefore: boolean;
}

/**
 * Groups a migration's statements into units: consecutive transactional statements share one
 * unit; a non-transactional statement is a unit of its own; a statement using an enum label
 * added earlier in the same unit starts a new unit, because the label is unusable until the
 * transaction that added it commits (PostgreSQL 15 refuses it even for a type created in the
 * same transaction: SQLSTATE 55P04); so does a statement marked `commitBefore` (`op.commit()`).
 *
 * @example
 * groupUnits([{ sql: 'CREATE TABLE a (id int)', transactional: true },
 *             { sql: 'CREATE INDEX CONCURRENTLY i ON a (id)', transactional: false }]);
 * // → two units: [CREATE TABLE] in a transaction, then the index alone
 */
export function groupUnits(statements: readonly Statement[]): Unit[] {
  const units: Unit[] = [];
  let current: Statement[] = [];
  let commitBefore = false;
  let addedLabels: string[] = [];
  const flush = (): void => {
    if (current.length > 0) units.push({ transactional: true, statements: current, commitBefore });
    current = [];
    commitBefore = false;
    addedLabels = [];
  };
  for (const statement of statements) {
    if (!statement.transactional) {
      flush();
      units.push({ transactional: false, statements: [statement], commitBefore: false });
      continue;
    }
    if (statement.commitBefore || addedLabels.some((label) => statement.sql.includes(label))) {
      flush();
      commitBefore = true;
    }
    current.push(statement);
    if (statement.addsEnumValue) addedLabels.push(quoteLiteral(statement.addsEnumValue.value));
  }
  flush();
  return units;
}
