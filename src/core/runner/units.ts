import { stringLiterals } from '../lint/ast.js';
import type { Statement } from '../sql/statement.js';

/** Statements that run together: one transaction, or one statement alone outside any. */
export interface Unit {
  readonly transactional: boolean;
  readonly statements: readonly Statement[];
  /**
   * True when this unit must start in a new transaction even in single-transaction mode: it uses
   * an enum value added by the previous unit (PostgreSQL allows that only after a commit), or its
   * first statement follows `op.commit()` / `-- retort-commit`.
   */
  readonly commitBefore: boolean;
}

/**
 * Groups a migration's statements into units — the one place where retort decides where its
 * transactions begin and end: the linter reads these units, the runner executes them, `--sql`
 * prints them. Consecutive transactional statements share one unit; a non-transactional
 * statement is a unit of its own; a statement whose parse tree holds a string constant equal to
 * an enum label added earlier in the same unit starts a new unit (the label is unusable until
 * the transaction that added it commits — PostgreSQL refuses it even for a type created in the
 * same transaction: SQLSTATE 55P04), whatever its quoting (`'sad'`, `$$sad$$`, `E'sad'`); so does
 * a statement marked `commitBefore` (`op.commit()`, `-- retort-commit`).
 *
 * Statements come from the parser (src/parser) with their `ast`; a statement without one (only
 * hand-built ones in tests) uses no label.
 *
 * @example
 * groupUnits([{ sql: 'CREATE TABLE a (id int)', transactional: true },
 *             { sql: 'CREATE INDEX CONCURRENTLY i ON a (id)', transactional: false }]);
 * // → two units: [CREATE TABLE] in a transaction, then the index alone
 */
export function groupUnits(statements: readonly Statement[]): Unit[] {
  const grouper = createUnitGrouper();
  for (const statement of statements) grouper.add(statement);
  return grouper.units();
}

/** {@link groupUnits} one statement at a time, for statements read as they are parsed. */
export interface UnitGrouper {
  /**
   * Adds the next statement (with its parse tree); the unit holds `kept` (default: the statement
   * itself; a statement without its tree keeps memory small). Returns true when the statement
   * starts a unit that commits before it: the `commitBefore` that `unitStatements` gives it.
   */
  add(statement: Statement, kept?: Statement): boolean;
  /** The units of the statements added so far. */
  units(): Unit[];
}

/**
 * A fresh grouper (see {@link groupUnits}, which is built on it).
 *
 * @example
 * const grouper = createUnitGrouper();
 * for (const s of statements) grouper.add(s);
 * grouper.units(); // as groupUnits(statements)
 */
export function createUnitGrouper(): UnitGrouper {
  const units: Unit[] = [];
  let current: Statement[] = [];
  let commitBefore = false;
  let addedLabels = new Set<string>();
  const flush = (): void => {
    if (current.length > 0) units.push({ transactional: true, statements: current, commitBefore });
    current = [];
    commitBefore = false;
    addedLabels = new Set();
  };
  return {
    add(statement, kept = statement) {
      if (!statement.transactional) {
        flush();
        units.push({ transactional: false, statements: [kept], commitBefore: false });
        return false;
      }
      if (statement.commitBefore === true || usesLabel(statement, addedLabels)) {
        flush();
        commitBefore = true;
      }
      current.push(kept);
      if (statement.addsEnumValue) addedLabels.add(statement.addsEnumValue.value);
      return current.length === 1 && commitBefore;
    },
    units() {
      flush();
      return units;
    },
  };
}

function usesLabel(statement: Statement, labels: ReadonlySet<string>): boolean {
  if (labels.size === 0 || statement.ast === undefined || statement.addsEnumValue) return false;
  return stringLiterals(statement.ast).some((label) => labels.has(label));
}

/** The statements of units in order, each first statement of a unit that commits before it marked so. */
export function unitStatements(units: readonly Unit[]): Statement[] {
  const out: Statement[] = [];
  for (const unit of units) {
    unit.statements.forEach((statement, i) => {
      const commitBefore = i === 0 && unit.commitBefore;
      out.push(
        commitBefore === (statement.commitBefore === true)
          ? statement
          : { ...statement, commitBefore },
      );
    });
  }
  return out;
}
