import type { MigrationTestQuery, MigrationTestRows } from '../../core/migration.js';
import type { SchemaModel } from '../../core/model/schema-model.js';
import { createOpRecorder } from '../../core/ops/op-recorder.js';
import { quoteIdent } from '../../core/sql/quote.js';
import type { Statement } from '../../core/sql/statement.js';
import { assertionFailure, type DataState } from '../../core/testing/compare.js';
import type { DatabaseClient } from '../../database/client.js';
import type { RevisionFile } from '../../project/revision-files.js';
import { parseSqlRevisionFile } from '../../project/sql-revision-file.js';
import { scanTsMigration } from '../../project/ts-migration-scanner.js';
import { importRevisionFile, readRevisionText } from '../../project/migration-source.js';
import { loadParser, sqlToStatements } from '../../parser/sql-statements.js';

/** What `retort test` knows of one revision beyond its graph metadata. */
export interface RevisionTestSpec {
  readonly irreversible: boolean;
  /** Statements to run before the upgrade (SQL section, SQL text or rows rendered by bulkInsert). */
  readonly before?: readonly Statement[];
  /** Checks after the upgrade: SQL assertions or a function. */
  readonly after?:
    | { readonly kind: 'sql'; readonly statements: readonly Statement[] }
    | {
        readonly kind: 'function';
        readonly check: (query: MigrationTestQuery) => void | Promise<void>;
      };
}

/**
 * Reads a revision's `irreversible` flag and fixtures: a SQL file's header and `-- retort:test`
 * sections; a TypeScript file's `irreversible` literal (statically) and its `test` property (the
 * module is imported only when the file has one).
 */
export async function readTestSpec(file: RevisionFile): Promise<RevisionTestSpec> {
  const text = await readRevisionText(file);
  await loadParser();
  const split = (sql: string, lineOffset = 0): Statement[] =>
    sqlToStatements(sql, { file: file.file, lineOffset });
  if (file.format === 'sql') {
    const parsed = parseSqlRevisionFile(text, file.file);
    return {
      irreversible: parsed.irreversible === true,
      ...(parsed.testBefore
        ? { before: split(parsed.testBefore.text, parsed.testBefore.line - 1) }
        : {}),
      ...(parsed.testAfter
        ? {
            after: {
              kind: 'sql' as const,
              statements: split(parsed.testAfter.text, parsed.testAfter.line - 1),
            },
          }
        : {}),
    };
  }
  const irreversible = scanTsMigration(text, file.file).irreversible === true;
  if (!/\btest\s*[:(]/.test(text)) return { irreversible };
  const test = (await importRevisionFile(file)).test;
  if (test === undefined) return { irreversible };
  const sqlOf = (sql: string): Statement[] => split(sql);
  let before: Statement[] | undefined;
  if (typeof test.before === 'string') before = sqlOf(test.before);
  else if (test.before !== undefined) before = renderRows(test.before, file);
  const after: RevisionTestSpec['after'] =
    typeof test.after === 'string'
      ? { kind: 'sql', statements: sqlOf(test.after) }
      : typeof test.after === 'function'
        ? { kind: 'function', check: test.after }
        : undefined;
  return {
    irreversible,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  };
}

/** Rows by table as the INSERTs `op.bulkInsert` renders (one representation of an insert). */
function renderRows(rows: MigrationTestRows, file: RevisionFile): Statement[] {
  const recorder = createOpRecorder({ file: file.file, revision: file.id });
  for (const [table, list] of Object.entries(rows))
    if (list.length > 0) recorder.op.bulkInsert(table, list);
  return recorder.take();
}

const where = (statement: Statement): string =>
  statement.source?.file
    ? `${statement.source.file}${statement.source.line ? `:${statement.source.line}` : ''}`
    : '';

const firstLine = (sql: string): string => {
  const line = sql.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
};

/** A fixture step that failed: where, the statement, what happened. */
export interface FixtureFailure {
  readonly message: string;
  readonly statement?: string;
  readonly location?: string;
}

/** Runs the `before` statements in one transaction (rolled back on failure). */
export async function runBefore(
  db: DatabaseClient,
  statements: readonly Statement[],
): Promise<FixtureFailure | undefined> {
  await db.exec('BEGIN');
  for (const statement of statements) {
    try {
      await db.query(statement.sql);
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      return {
        message: `the fixture's setup failed: ${errorText(error)}`,
        statement: firstLine(statement.sql),
        location: where(statement),
      };
    }
  }
  await db.exec('COMMIT');
  return undefined;
}

/** Checks the `after` assertions in a transaction that is always rolled back. */
export async function runAfter(
  db: DatabaseClient,
  after: NonNullable<RevisionTestSpec['after']>,
): Promise<FixtureFailure | undefined> {
  await db.exec('BEGIN');
  try {
    if (after.kind === 'function') {
      const query: MigrationTestQuery = async <Row>(sql: string, params?: readonly unknown[]) =>
        (await db.query<Row>(sql, params)).rows;
      try {
        await after.check(query);
      } catch (error) {
        return { message: `the fixture's check failed: ${errorText(error)}` };
      }
      return undefined;
    }
    for (const statement of after.statements) {
      let rows: Record<string, unknown>[];
      try {
        rows = (await db.query(statement.sql)).rows;
      } catch (error) {
        return {
          message: `the assertion failed to run: ${errorText(error)}`,
          statement: firstLine(statement.sql),
          location: where(statement),
        };
      }
      const failure = assertionFailure(rows);
      if (failure !== undefined) {
        return {
          message: `the assertion ${failure}`,
          statement: firstLine(statement.sql),
          location: where(statement),
        };
      }
    }
    return undefined;
  } finally {
    await db.exec('ROLLBACK').catch(() => undefined);
  }
}

/** Every row of every table of the model, as sorted JSON texts. */
export async function dataSnapshot(db: DatabaseClient, model: SchemaModel): Promise<DataState> {
  const out = new Map<string, string[]>();
  for (const table of model.tables) {
    const name = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    const rows = await db.query<{ r: string }>(`SELECT to_jsonb(t)::text AS r FROM ${name} AS t`);
    out.set(
      table.schema === 'public' ? table.name : `${table.schema}.${table.name}`,
      rows.rows.map((row) => row.r).sort(),
    );
  }
  return out;
}

export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
