import { beforeAll, describe, expect, it } from 'vitest';
import { classifyStatement } from '../../src/core/sql/classify-statement.js';
import { parseStatements } from '../../src/parser/parse-sql.js';
import {
  loadParser,
  parseIgnoreComment,
  sqlToStatements,
} from '../../src/parser/sql-statements.js';

beforeAll(async () => {
  await loadParser();
});

function classify(sql: string): ReturnType<typeof classifyStatement> {
  const [parsed] = parseStatements(sql);
  if (parsed === undefined) throw new Error(`no statement in ${sql}`);
  return classifyStatement(parsed.ast);
}

describe('classifyStatement: statements that cannot run in a transaction block', () => {
  it.each([
    ['CREATE INDEX CONCURRENTLY ix ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    [
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON s.t USING gin (a)',
      'CREATE INDEX CONCURRENTLY',
    ],
    ['DROP INDEX CONCURRENTLY ix', 'DROP INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY IF EXISTS s.ix', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY ix', 'REINDEX … CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) TABLE t', 'REINDEX … CONCURRENTLY'],
    ['REINDEX TABLE CONCURRENTLY t', 'REINDEX … CONCURRENTLY'],
    ['REINDEX DATABASE app', 'REINDEX DATABASE'],
    ['REINDEX SYSTEM app', 'REINDEX SYSTEM'],
    [
      'ALTER TABLE p DETACH PARTITION c CONCURRENTLY',
      'ALTER TABLE … DETACH PARTITION … CONCURRENTLY',
    ],
    ['VACUUM', 'VACUUM'],
    ['VACUUM (ANALYZE, VERBOSE) t', 'VACUUM'],
    ['VACUUM FULL t', 'VACUUM'],
    ['CREATE DATABASE app', 'CREATE DATABASE'],
    ['DROP DATABASE IF EXISTS app', 'DROP DATABASE'],
    ["CREATE TABLESPACE fast LOCATION '/ssd'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE fast', 'DROP TABLESPACE'],
    ["ALTER SYSTEM SET work_mem = '64MB'", 'ALTER SYSTEM'],
    ['ALTER SYSTEM RESET ALL', 'ALTER SYSTEM'],
    ['CLUSTER', 'CLUSTER without a table'],
    [
      "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p",
      'CREATE SUBSCRIPTION creating a replication slot',
    ],
    [
      "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (create_slot = true, connect = true)",
      'CREATE SUBSCRIPTION creating a replication slot',
    ],
    ['DROP SUBSCRIPTION s', 'DROP SUBSCRIPTION'],
    ['ALTER SUBSCRIPTION s REFRESH PUBLICATION', 'ALTER SUBSCRIPTION … REFRESH PUBLICATION'],
    ['ALTER SUBSCRIPTION s SET PUBLICATION p', 'ALTER SUBSCRIPTION … PUBLICATION with refresh'],
    [
      'ALTER SUBSCRIPTION s ADD PUBLICATION p WITH (refresh = true)',
      'ALTER SUBSCRIPTION … PUBLICATION with refresh',
    ],
    ['ALTER SUBSCRIPTION s DROP PUBLICATION p', 'ALTER SUBSCRIPTION … PUBLICATION with refresh'],
  ])('%s', (sql, reason) => {
    expect(classify(sql)).toEqual({ transactional: false, reason });
  });

  it.each([
    'CREATE INDEX ix ON t (a)',
    'DROP INDEX ix',
    'DROP TABLE t',
    'REINDEX TABLE t',
    'REINDEX INDEX ix',
    'ALTER TABLE p DETACH PARTITION c',
    'ALTER TABLE t ADD COLUMN a int',
    'ANALYZE t',
    'CLUSTER t USING ix',
    'CLUSTER t',
    "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (connect = false)",
    "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (create_slot = false)",
    'ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)',
    'ALTER SUBSCRIPTION s DISABLE',
    "ALTER SUBSCRIPTION s CONNECTION 'host=b'",
    'ALTER DATABASE app SET work_mem = 1',
    "ALTER TYPE t RENAME VALUE 'a' TO 'b'",
    'SELECT 1',
  ])('%s runs in a transaction', (sql) => {
    expect(classify(sql)).toEqual({ transactional: true });
  });
});

describe('classifyStatement: enum values added', () => {
  it.each([
    ["ALTER TYPE plan ADD VALUE 'team'", { type: 'plan', value: 'team' }],
    [
      `ALTER TYPE "Bill"."Plan" ADD VALUE IF NOT EXISTS 'it''s' BEFORE 'pro'`,
      { type: 'Plan', schema: 'Bill', value: "it's" },
    ],
    ["ALTER TYPE s.plan ADD VALUE 'x' AFTER 'y'", { type: 'plan', schema: 's', value: 'x' }],
  ])('%s', (sql, adds) => {
    expect(classify(sql)).toEqual({ transactional: true, addsEnumValue: adds });
  });
});

describe('sqlToStatements', () => {
  it('splits, keeps file and line, classifies, and marks enum value adds', () => {
    const text = [
      '-- a header comment',
      'CREATE TABLE t (a int);',
      '',
      'CREATE INDEX CONCURRENTLY ix ON t',
      '  (a);',
      "ALTER TYPE plan ADD VALUE 'team'; SELECT 1",
    ].join('\n');
    const statements = sqlToStatements(text, { file: 'migrations/0002.sql', lineOffset: 10 });
    expect(statements.every((s) => s.ast !== undefined)).toBe(true);
    expect(statements.map(({ ast: _ast, ...s }) => s)).toEqual([
      {
        sql: 'CREATE TABLE t (a int)',
        transactional: true,
        source: { file: 'migrations/0002.sql', line: 12, column: 1 },
      },
      {
        sql: 'CREATE INDEX CONCURRENTLY ix ON t\n  (a)',
        transactional: false,
        source: { file: 'migrations/0002.sql', line: 14, column: 1 },
      },
      {
        sql: "ALTER TYPE plan ADD VALUE 'team'",
        transactional: true,
        source: { file: 'migrations/0002.sql', line: 16, column: 1 },
        addsEnumValue: { type: 'plan', value: 'team' },
      },
      {
        sql: 'SELECT 1',
        transactional: true,
        source: { file: 'migrations/0002.sql', line: 16, column: 35 },
      },
    ]);
  });

  it('attaches retort-ignore comments directly above a statement, and only those', () => {
    const text = [
      '-- retort-ignore ban-drop-table: emptied and unused since 2023',
      'DROP TABLE legacy;',
      '-- retort-ignore require-concurrent-index-creation, prefer-robust-stmts: table created above',
      '-- explains more',
      '-- retort-ignore ban-char-field:   fixed-width codes  ',
      'CREATE INDEX ix ON t (a);',
      '-- retort-ignore ban-drop-column: detached by a blank line',
      '',
      'ALTER TABLE t DROP COLUMN b;',
      'SELECT 1; -- retort-ignore ban-truncate-cascade: trailing comments do not count',
      'TRUNCATE t CASCADE;',
    ].join('\r\n');
    const statements = sqlToStatements(text, { file: 'up.sql' });
    expect(statements.map((s) => s.lintIgnore)).toEqual([
      [{ rule: 'ban-drop-table', reason: 'emptied and unused since 2023' }],
      [
        { rule: 'require-concurrent-index-creation', reason: 'table created above' },
        { rule: 'prefer-robust-stmts', reason: 'table created above' },
        { rule: 'ban-char-field', reason: 'fixed-width codes' },
      ],
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    [
      '-- retort-ignore ban-drop-table\nDROP TABLE t;',
      'up.sql:1: retort-ignore ban-drop-table has no reason',
    ],
    [
      'SELECT 1;\n-- retort-ignore ban-drop-table:   \nDROP TABLE t;',
      'up.sql:2: retort-ignore ban-drop-table has no reason',
    ],
    ['-- retort-ignore : because\nDROP TABLE t;', 'up.sql:1: retort-ignore comment names no rule'],
    [
      '-- retort-ignore ban drop table: because\nDROP TABLE t;',
      "up.sql:1: 'ban drop table' is not a rule name",
    ],
  ])('a malformed suppression is an error with file:line: %j', (text, message) => {
    expect(() => sqlToStatements(text, { file: 'up.sql' })).toThrow(message);
    try {
      sqlToStatements(text, { file: 'up.sql' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_LINT_IGNORE', exitCode: 4 });
    }
  });

  it('reports a syntax error with file, line and column', () => {
    const text = 'CREATE TABLE t (a int);\n\nALTER TABLE t ADD COLUM b int;';
    let caught: unknown;
    try {
      sqlToStatements(text, { file: 'migrations/0003.sql', lineOffset: 4 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'SQL_SYNTAX', exitCode: 4 });
    expect((caught as Error).message).toMatch(
      /^migrations\/0003\.sql:7:27: syntax error at or near "int"/,
    );
  });

  it('puts a syntax error at the start of a line on that line, after multi-byte text', () => {
    const text = "SELECT 'é';\n\n-- note\nSELECT 2;\nSELEC 3;\n";
    expect(() => sqlToStatements(text, { file: 'm.sql', lineOffset: 5 })).toThrow(
      /^m\.sql:10:1: syntax error at or near "SELEC"/,
    );
  });

  it('places statements after multi-byte text on their line and column', () => {
    const text = "SELECT 'ïé'; SELECT 'ß';\n  SELECT 3;\n\nSELECT '🐘';\nSELECT 5;";
    expect(parseStatements(text).map((s) => [s.line, s.column])).toEqual([
      [1, 1],
      [1, 14],
      [2, 3],
      [4, 1],
      [5, 1],
    ]);
  });

  it('counts suppression and error lines from lineOffset (a section that starts mid-file)', () => {
    const text = 'SELECT 1;\n-- retort-ignore ban-drop-table: dropped on purpose\nDROP TABLE t;';
    const { ast: _ast, ...drop } = sqlToStatements(text, { file: 'm.sql', lineOffset: 20 })[1]!;
    expect(drop).toEqual({
      sql: 'DROP TABLE t',
      transactional: true,
      source: { file: 'm.sql', line: 23, column: 1 },
      lintIgnore: [{ rule: 'ban-drop-table', reason: 'dropped on purpose' }],
    });
    expect(() =>
      sqlToStatements('SELECT 1;\n-- retort-ignore ban-drop-table\nDROP TABLE t;', {
        file: 'm.sql',
        lineOffset: 20,
      }),
    ).toThrow('m.sql:22: retort-ignore ban-drop-table has no reason');
  });

  it('gives nothing for comments only', () => {
    expect(sqlToStatements('-- nothing here\n/* nor here */\n')).toEqual([]);
  });

  it('parseIgnoreComment ignores other comments', () => {
    expect(parseIgnoreComment('-- retort-ignored is not the keyword', { line: 1 })).toBeUndefined();
    expect(parseIgnoreComment('-- just a note', { line: 1 })).toBeUndefined();
  });
});

describe('-- retort-commit in SQL migrations (the SQL spelling of op.commit())', () => {
  it('marks the statement below it, through other comment lines, and nothing else', async () => {
    const { groupUnits } = await import('../../src/core/runner/units.js');
    const statements = sqlToStatements(
      [
        'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;',
        '-- retort-commit',
        '-- validate once the NOT VALID constraint is committed',
        'ALTER TABLE t VALIDATE CONSTRAINT c;',
        'ALTER TABLE t ALTER COLUMN a SET NOT NULL;',
        '-- retort-committed is not the marker',
        'SELECT 1;',
      ].join('\n'),
    );
    expect(statements.map((s) => s.commitBefore === true)).toEqual([false, true, false, false]);
    expect(groupUnits(statements).map((u) => u.statements.length)).toEqual([1, 3]);
  });
});
