import { renderOperation } from '../sql/render-operation.js';
import type { Statement } from '../sql/statement.js';
import { callSiteLine } from './call-site.js';
import { normalizeLintIgnore } from './lint-ignore.js';
import type { CommonOptions, Op } from './op.js';
import { InvalidOperationError, OfflineQueryError } from './op-errors.js';
import { opMethodName, type Operation } from './operations.js';

/**
 * Records a migration's op calls as Statements (rendered by one renderer, every identifier and
 * literal quoted). Pure: online queries go through the injected `query` function.
 */
export interface OpRecorderOptions {
  /** File of the migration, for statement sources and error messages. */
  readonly file?: string;
  /** Revision id, for error messages (OfflineQueryError names it). */
  readonly revision?: string;
  /**
   * Online only. Called by `op.query(sql, params)` inside a data migration: the runner first
   * executes `pending` (the statements recorded since the last call, in order, in the migration's
   * transaction), then the query, and returns its rows. Absent offline: `op.query` then throws
   * an OfflineQueryError (exit 4) saying the migration needs a live database.
   */
  readonly query?: (
    pending: readonly Statement[],
    sql: string,
    params?: readonly unknown[],
  ) => Promise<Record<string, unknown>[]>;
  /**
   * Splits and classifies `op.execute` text (pass `sqlToStatements` from src/parser after
   * `await loadParser()`), so several statements and CONCURRENTLY/VACUUM forms are handled.
   * Without it, each execute() is one statement, transactional unless told otherwise.
   */
  readonly splitSql?: (text: string) => Statement[];
}

export interface OpRecorder {
  readonly op: Op;
  /** Statements recorded since the last `take()` (or `op.query`), in call order; empties the buffer. */
  take(): Statement[];
  /** Every operation recorded so far, in call order (not emptied by `take`). */
  operations(): readonly Operation[];
}

/** An operation as an op call builds it: options spread in, `lintIgnore` not yet normalised. */
/**
 * Puts the call's line on a statement. Statements split from `op.execute` text carry their line
 * within that text; counted from the call, they land on the right line when the text starts on
 * the line of the call (the usual `op.execute(`…` form).
 */
function atLine(statement: Statement, callLine: number): Statement {
  const { column: _within, ...source } = statement.source ?? {};
  const within = source.line;
  return {
    ...statement,
    source: { ...source, line: within === undefined ? callLine : callLine + within - 1 },
  };
}

function withoutColumn(statement: Statement): Statement {
  if (statement.source?.column === undefined) return statement;
  const { column: _column, ...source } = statement.source;
  return { ...statement, source };
}

type Recorded = Operation extends infer T
  ? T extends Operation
    ? Omit<T, 'lintIgnore'> & CommonOptions
    : never
  : never;

/**
 * Creates the `op` object for one migration run and the buffer its calls fill. Each call is
 * rendered at once, so a bad argument throws at the call in the migration file.
 *
 * @example
 * const recorder = createOpRecorder({ file: 'migrations/e4f7_users.ts' });
 * await migration.upgrade(recorder.op);
 * const statements = recorder.take();
 */
export function createOpRecorder(options: OpRecorderOptions = {}): OpRecorder {
  let pending: Statement[] = [];
  const operations: Operation[] = [];
  const location = { file: options.file, revision: options.revision };
  const context = { file: options.file, splitSql: options.splitSql };

  // Set by op.commit(): the next statement recorded starts a new transaction.
  let commitNext = false;

  const record = (operation: Recorded): void => {
    const { lintIgnore, ...rest } = operation;
    const method = opMethodName(rest.kind);
    // The line of the call in the migration file, for statement sources and error messages.
    const line = options.file === undefined ? undefined : callSiteLine(options.file);
    const where = line === undefined ? location : { ...location, line };
    const normalized = normalizeLintIgnore(
      lintIgnore,
      `op.${method} in ${options.file ?? 'a migration'}${line === undefined ? '' : ` line ${line}`}`,
    );
    const op = (normalized === undefined ? rest : { ...rest, lintIgnore: normalized }) as Operation;
    const empty = Object.entries(op).find(
      ([key, value]) =>
        ['name', 'table', 'column', 'from', 'to', 'type', 'schema'].includes(key) &&
        (value === '' ||
          (typeof value === 'object' && value !== null && 'name' in value && value.name === '')),
    );
    if (empty !== undefined) {
      throw new InvalidOperationError(method, `\`${empty[0]}\` is empty`, where);
    }
    let statements: Statement[];
    try {
      statements = renderOperation(op, context);
    } catch (error) {
      // The renderer knows the op and the file; add the revision and the line of the call.
      if (error instanceof InvalidOperationError) {
        throw new InvalidOperationError(method, error.problem, where);
      }
      throw error;
    }
    // A column inside op.execute text is no column of the migration file.
    statements = statements.map((statement) =>
      line !== undefined ? atLine(statement, line) : withoutColumn(statement),
    );
    operations.push(op);
    if (commitNext && statements.length > 0) {
      const [first, ...rest] = statements as [Statement, ...Statement[]];
      statements = [{ ...first, commitBefore: true }, ...rest];
      commitNext = false;
    }
    pending.push(...statements);
  };

  const op: Op = {
    createTable: (name, columns, opts = {}) =>
      record({
        kind: 'CreateTable',
        name,
        columns: Object.entries(columns).map(([columnName, column]) => ({
          ...column,
          name: columnName,
        })),
        ...opts,
      }),
    dropTable: (name, opts = {}) => record({ kind: 'DropTable', name, ...opts }),
    renameTable: (from, to, opts = {}) => record({ kind: 'RenameTable', from, to, ...opts }),
    setTableSchema: (table, newSchema, opts = {}) =>
      record({ kind: 'SetTableSchema', table, newSchema, ...opts }),
    renameConstraint: (table, from, to, opts = {}) =>
      record({ kind: 'RenameConstraint', table, from, to, ...opts }),
    addColumn: (table, column, definition, opts = {}) =>
      record({ kind: 'AddColumn', table, column: { ...definition, name: column }, ...opts }),
    dropColumn: (table, column, opts = {}) =>
      record({ kind: 'DropColumn', table, column, ...opts }),
    alterColumn: (table, column, opts) => record({ kind: 'AlterColumn', table, column, ...opts }),
    createIndex: (name, table, keys, opts = {}) =>
      record({ kind: 'CreateIndex', name, table, keys, ...opts }),
    dropIndex: (name, opts = {}) => record({ kind: 'DropIndex', name, ...opts }),
    createForeignKey: (name, table, opts) =>
      record({ kind: 'CreateForeignKey', name, table, ...opts }),
    createUniqueConstraint: (name, table, columns, opts = {}) =>
      record({ kind: 'CreateUniqueConstraint', name, table, columns, ...opts }),
    createPrimaryKey: (name, table, columns, opts = {}) =>
      record({ kind: 'CreatePrimaryKey', name, table, columns, ...opts }),
    createCheckConstraint: (name, table, condition, opts = {}) =>
      record({ kind: 'CreateCheckConstraint', name, table, condition, ...opts }),
    createExclusionConstraint: (name, table, elements, opts = {}) =>
      record({ kind: 'CreateExclusionConstraint', name, table, elements, ...opts }),
    validateConstraint: (name, table, opts = {}) =>
      record({ kind: 'ValidateConstraint', name, table, ...opts }),
    dropConstraint: (name, table, opts = {}) =>
      record({ kind: 'DropConstraint', name, table, ...opts }),
    createEnum: (name, values, opts = {}) => record({ kind: 'CreateEnum', name, values, ...opts }),
    dropEnum: (name, opts = {}) => record({ kind: 'DropEnum', name, ...opts }),
    addEnumValue: (type, value, opts = {}) =>
      record({ kind: 'AddEnumValue', type, value, ...opts }),
    renameEnumValue: (type, from, to, opts = {}) =>
      record({ kind: 'RenameEnumValue', type, from, to, ...opts }),
    createSchema: (name, opts = {}) => record({ kind: 'CreateSchema', name, ...opts }),
    dropSchema: (name, opts = {}) => record({ kind: 'DropSchema', name, ...opts }),
    createExtension: (name, opts = {}) => record({ kind: 'CreateExtension', name, ...opts }),
    dropExtension: (name, opts = {}) => record({ kind: 'DropExtension', name, ...opts }),
    createSequence: (name, opts = {}) => record({ kind: 'CreateSequence', name, ...opts }),
    dropSequence: (name, opts = {}) => record({ kind: 'DropSequence', name, ...opts }),
    setTableComment: (table, comment, opts = {}) =>
      record({ kind: 'SetTableComment', table, comment, ...opts }),
    setColumnComment: (table, column, comment, opts = {}) =>
      record({ kind: 'SetColumnComment', table, column, comment, ...opts }),
    setComment: (objectType, name, comment, opts = {}) =>
      record({ kind: 'SetComment', objectType, name, comment, ...opts }),
    createDomain: (name, type, opts = {}) => record({ kind: 'CreateDomain', name, type, ...opts }),
    alterDomain: (name, opts) => record({ kind: 'AlterDomain', name, ...opts }),
    dropDomain: (name, opts = {}) => record({ kind: 'DropDomain', name, ...opts }),
    createType: (name, attributes, opts = {}) =>
      record({ kind: 'CreateType', name, attributes, ...opts }),
    dropType: (name, opts = {}) => record({ kind: 'DropType', name, ...opts }),
    createCollation: (name, opts = {}) => record({ kind: 'CreateCollation', name, ...opts }),
    dropCollation: (name, opts = {}) => record({ kind: 'DropCollation', name, ...opts }),
    grant: (privileges, objectType, name, grantees, opts = {}) =>
      record({ kind: 'Grant', privileges, objectType, name, grantees, ...opts }),
    revoke: (privileges, objectType, name, grantees, opts = {}) =>
      record({ kind: 'Revoke', privileges, objectType, name, grantees, ...opts }),
    alterIdentity: (table, column, opts) =>
      record({ kind: 'AlterIdentity', table, column, ...opts }),
    execute: (sql, opts = {}) => record({ kind: 'Execute', sql, ...opts }),
    bulkInsert: (table, rows, opts = {}) => record({ kind: 'BulkInsert', table, rows, ...opts }),
    createFunction: (name, definition, opts = {}) =>
      record({ kind: 'CreateFunction', name, definition, ...opts }),
    dropFunction: (name, opts = {}) => record({ kind: 'DropFunction', name, ...opts }),
    createTrigger: (name, table, definition, opts = {}) =>
      record({ kind: 'CreateTrigger', name, table, definition, ...opts }),
    dropTrigger: (name, table, opts = {}) => record({ kind: 'DropTrigger', name, table, ...opts }),
    createView: (name, query, opts = {}) => record({ kind: 'CreateView', name, query, ...opts }),
    dropView: (name, opts = {}) => record({ kind: 'DropView', name, ...opts }),
    setRowLevelSecurity: (table, opts) => record({ kind: 'SetRowLevelSecurity', table, ...opts }),
    createPolicy: (name, table, opts = {}) =>
      record({ kind: 'CreatePolicy', name, table, ...opts }),
    dropPolicy: (name, table, opts = {}) => record({ kind: 'DropPolicy', name, table, ...opts }),
    createPartition: (name, parent, bound, opts = {}) =>
      record({ kind: 'CreatePartition', name, parent, bound, ...opts }),
    attachPartition: (table, partition, bound, opts = {}) =>
      record({ kind: 'AttachPartition', table, partition, bound, ...opts }),
    detachPartition: (table, partition, opts = {}) =>
      record({ kind: 'DetachPartition', table, partition, ...opts }),
    commit: () => {
      commitNext = true;
    },
    async query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      if (options.query === undefined) throw new OfflineQueryError(location);
      const before = pending;
      pending = [];
      return (await options.query(before, sql, params)) as Row[];
    },
  };

  return {
    op,
    take() {
      const out = pending;
      pending = [];
      return out;
    },
    operations: () => [...operations],
  };
}
