import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpRecorder } from '../../../src/core/ops/op-recorder.js';
import { createPglite } from '../../../src/database/pglite-client.js';
import type { Statement } from '../../../src/core/sql/statement.js';
import { loadParser, sqlToStatements } from '../../../src/parser/sql-statements.js';

describe('op.query', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await createPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  it('offline, throws OfflineQueryError naming the revision', async () => {
    const { op } = createOpRecorder({ file: 'migrations/e4f7_data.ts', revision: 'e4f7a9b2c3d1' });
    op.createTable('t', { a: { type: 'integer' } });
    await expect(op.query('SELECT 1')).rejects.toMatchObject({
      code: 'OFFLINE_QUERY',
      exitCode: 4,
      message:
        "revision e4f7a9b2c3d1's data migration needs a live database; run it online or move the data step to a separate revision (migrations/e4f7_data.ts)",
    });
  });

  it('online, runs the statements recorded so far, then the query, in the same transaction', async () => {
    const seen: { pending: string[]; sql: string }[] = [];
    const recorder = createOpRecorder({
      file: 'migrations/e4f7_data.ts',
      query: async (pending, sql, params) => {
        seen.push({ pending: pending.map((s) => s.sql), sql });
        for (const statement of pending) await db.query(statement.sql);
        return (await db.query<Record<string, unknown>>(sql, params ? [...params] : [])).rows;
      },
    });
    const { op } = recorder;
    await db.query('BEGIN');
    op.createTable('users', { id: { type: 'integer', primaryKey: true }, email: { type: 'text' } });
    op.createTable('grants', {
      id: { type: 'integer' },
      user_id_old: { type: 'text' },
      user_id: { type: 'integer' },
    });
    op.bulkInsert('users', [
      { id: 1, email: 'a@x' },
      { id: 2, email: "o'neil@x" },
    ]);
    op.bulkInsert('grants', [
      { id: 10, user_id_old: "o'neil@x" },
      { id: 11, user_id_old: 'nobody@x' },
    ]);
    const users = await op.query<{ id: number; email: string }>(
      'SELECT id, email FROM users WHERE id > $1 ORDER BY id',
      [0],
    );
    for (const user of users) {
      op.execute(
        `UPDATE grants SET user_id = ${user.id} WHERE user_id_old = '${user.email.replaceAll("'", "''")}'`,
      );
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.pending).toHaveLength(4);
    const rest = recorder.take();
    expect(rest.map((s) => s.sql)).toEqual([
      "UPDATE grants SET user_id = 1 WHERE user_id_old = 'a@x'",
      "UPDATE grants SET user_id = 2 WHERE user_id_old = 'o''neil@x'",
    ]);
    for (const statement of rest) await db.query(statement.sql);
    expect((await db.query('SELECT id, user_id FROM grants ORDER BY id')).rows).toEqual([
      { id: 10, user_id: 2 },
      { id: 11, user_id: null },
    ]);
    await db.query('ROLLBACK');
    expect(recorder.take()).toEqual([]);
  });
});

describe('lintIgnore', () => {
  it('accepts one suppression or several and puts them on every statement', () => {
    const recorder = createOpRecorder();
    recorder.op.dropTable('a', {
      lintIgnore: { rule: 'ban-drop-table', reason: ' emptied in v2 ' },
    });
    recorder.op.dropColumn('b', 'c', {
      lintIgnore: [
        { rule: 'ban-drop-column', reason: 'unused' },
        { rule: 'require-lock-timeout', reason: 'runner sets it' },
      ],
    });
    expect(recorder.take().map((s) => s.lintIgnore)).toEqual([
      [{ rule: 'ban-drop-table', reason: 'emptied in v2' }],
      [
        { rule: 'ban-drop-column', reason: 'unused' },
        { rule: 'require-lock-timeout', reason: 'runner sets it' },
      ],
    ]);
    expect(recorder.operations()[0]).toEqual({
      kind: 'DropTable',
      name: 'a',
      lintIgnore: [{ rule: 'ban-drop-table', reason: 'emptied in v2' }],
    });
  });

  it.each([
    [{ rule: 'ban-drop-table', reason: '' }, /lintIgnore for rule 'ban-drop-table' has no reason/],
    [{ rule: 'ban-drop-table', reason: '   ' }, /has no reason/],
    [
      [
        { rule: 'x', reason: 'ok' },
        { rule: '', reason: 'why' },
      ],
      /lintIgnore entry has no rule/,
    ],
  ])('refuses %j', (lintIgnore, message) => {
    const { op } = createOpRecorder({ file: 'migrations/x.ts' });
    expect(() => op.dropTable('a', { lintIgnore })).toThrow(message);
    expect(() => op.dropTable('a', { lintIgnore })).toThrow(/op\.dropTable in migrations\/x\.ts/);
  });
});

describe('op.execute with the SQL splitter', () => {
  beforeAll(async () => {
    await loadParser();
  });

  it('splits several statements and runs CONCURRENTLY ones outside the transaction', () => {
    const recorder = createOpRecorder({
      file: 'migrations/x.ts',
      splitSql: (text) => sqlToStatements(text, { file: 'migrations/x.ts' }),
    });
    recorder.op.execute(
      "-- retort-ignore ban-drop-column: gone\nALTER TABLE t DROP COLUMN a;\nCREATE INDEX CONCURRENTLY ix ON t (b);\nALTER TYPE e ADD VALUE 'v'",
      { lintIgnore: { rule: 'require-lock-timeout', reason: 'set by the runner' } },
    );
    recorder.op.execute('VACUUM t', { transactional: true });
    const statements: Statement[] = recorder.take();
    expect(
      statements.map((s) => [s.sql, s.transactional, s.lintIgnore?.map((l) => l.rule), s.source]),
    ).toEqual([
      [
        'ALTER TABLE t DROP COLUMN a',
        true,
        ['ban-drop-column', 'require-lock-timeout'],
        { file: 'migrations/x.ts', line: 2, op: 'execute' },
      ],
      [
        'CREATE INDEX CONCURRENTLY ix ON t (b)',
        false,
        ['require-lock-timeout'],
        { file: 'migrations/x.ts', line: 3, op: 'execute' },
      ],
      [
        "ALTER TYPE e ADD VALUE 'v'",
        true,
        ['require-lock-timeout'],
        { file: 'migrations/x.ts', line: 4, op: 'execute' },
      ],
      // An explicit `transactional` wins over the classification.
      ['VACUUM t', true, undefined, { file: 'migrations/x.ts', line: 1, op: 'execute' }],
    ]);
    expect(statements[2]?.addsEnumValue).toEqual({ type: 'e', value: 'v' });
  });
});

describe('statement sources', () => {
  it('carry the line of the op call in the migration file', async () => {
    await loadParser();
    const recorder = createOpRecorder({
      file: 'test/core/ops/op-recorder.test.ts',
      splitSql: (text) => sqlToStatements(text),
    });
    const callLine = Number(/op-recorder\.test\.ts:(\d+)/.exec(new Error().stack ?? '')?.[1]) + 1;
    recorder.op.createTable('t', { a: { type: 'integer', comment: 'x' } });
    recorder.op.execute(`SELECT 1;
      SELECT 2`);
    expect(recorder.take().map((s) => s.source?.line)).toEqual([
      callLine,
      callLine,
      callLine + 1,
      callLine + 2,
    ]);
  });

  it('bad arguments name the file and line of the call', () => {
    const { op } = createOpRecorder({
      file: 'test/core/ops/op-recorder.test.ts',
      revision: 'abc123',
    });
    const callLine = Number(/op-recorder\.test\.ts:(\d+)/.exec(new Error().stack ?? '')?.[1]) + 1;
    expect(() => op.addColumn('t', '', { type: 'text' })).toThrow(
      `op.addColumn in revision abc123 (test/core/ops/op-recorder.test.ts) line ${callLine}: \`column\` is empty`,
    );
    expect(() => op.createTable('t', { '': { type: 'text' } })).toThrow(
      `op.createTable in revision abc123 (test/core/ops/op-recorder.test.ts) line ${callLine + 3}: An SQL identifier cannot be empty`,
    );
  });
});
