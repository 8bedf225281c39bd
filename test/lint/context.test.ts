import { describe, expect, test } from 'vitest';
import { lintStatements } from '../../src/core/lint/engine.js';
import { createLintSession } from '../../src/core/lint/lint-session.js';
import { loadParser } from '../../src/parser/parse-sql.js';
import { sqlToLintInput } from '../../src/parser/lint-input.js';
import { lintSql, rulesOf } from './lint-sql.js';

describe('context-aware rules', () => {
  test('an index or constraint on a table created earlier in the same migration is fine', async () => {
    const sql = `CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text);
CREATE UNIQUE INDEX users_email_idx ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
ALTER TABLE users ALTER COLUMN email SET NOT NULL;`;
    expect(await lintSql(sql)).toEqual([]);
    // The same statements on a table that already exists are flagged.
    const existing = await lintSql(sql.split('\n').slice(1).join('\n'));
    expect(rulesOf(existing)).toEqual(
      expect.arrayContaining([
        'require-concurrent-index-creation',
        'constraint-missing-not-valid',
        'disallowed-unique-constraint',
        'adding-not-nullable-field',
      ]),
    );
  });

  test('a table created by an earlier call (createdTables) counts as new', async () => {
    const sql = 'CREATE INDEX grants_user_id_idx ON grants (user_id)';
    expect(await lintSql(sql, { createdTables: ['grants'] })).toEqual([]);
  });

  test('ADD COLUMN with a non-volatile default is fine; volatile defaults are flagged', async () => {
    expect(
      await lintSql('ALTER TABLE t ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()'),
    ).toEqual([]);
    expect(await lintSql("ALTER TABLE t ADD COLUMN status text NOT NULL DEFAULT 'new'")).toEqual(
      [],
    );
    expect(
      rulesOf(
        await lintSql('ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid()', {
          targetVersion: 13,
        }),
      ),
    ).toEqual(['adding-field-with-default', 'require-statement-timeout']);
  });

  test('target version: every default rewrites before PostgreSQL 11', async () => {
    const sql = "ALTER TABLE t ADD COLUMN status text DEFAULT 'new'";
    expect(await lintSql(sql, { targetVersion: 12 })).toEqual([]);
    expect(rulesOf(await lintSql(sql, { targetVersion: 10 }))).toContain(
      'adding-field-with-default',
    );
  });

  test('a statement that must run outside a transaction is flagged only when wrapped', async () => {
    const sql = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)';
    // As a SQL migration: the runner sends it alone, outside the transaction.
    expect(await lintSql(sql)).toEqual([]);
    // Marked transactional (e.g. forced into the migration's transaction): flagged.
    await loadParser();
    const forced = sqlToLintInput(sql).statements.map((s) => ({ ...s, transactional: true }));
    expect(rulesOf(lintStatements(forced))).toEqual([
      'ban-concurrent-index-creation-in-transaction',
    ]);
    // The same, in a migration that runs without a transaction: fine.
    expect(lintStatements(forced, { transactional: false })).toEqual([]);
  });

  test('an enum value added and used in the same transaction is an error', async () => {
    const sql = `BEGIN;
ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';
INSERT INTO moods (m) VALUES ('meh');
COMMIT;`;
    const d = await lintSql(sql, { transactional: false });
    expect(d.map((x) => [x.rule, x.severity, x.line])).toEqual([
      ['enum-value-used-in-same-transaction', 'error', 3],
    ]);
    // Without BEGIN, the runner commits after ADD VALUE: no error.
    expect(await lintSql(sql.replace(/BEGIN;|COMMIT;/g, ''))).toEqual([]);
  });

  test('SET NOT NULL is fine once a validated check proves the column, across revisions', async () => {
    await loadParser();
    const session = createLintSession();
    const first = sqlToLintInput(
      'ALTER TABLE g ADD CONSTRAINT g_u_nn CHECK (u IS NOT NULL) NOT VALID',
    ).statements;
    const second = sqlToLintInput(`ALTER TABLE g VALIDATE CONSTRAINT g_u_nn;
ALTER TABLE g ALTER COLUMN u SET NOT NULL;
ALTER TABLE g DROP CONSTRAINT g_u_nn;`).statements;
    expect(lintStatements(first, { session })).toEqual([]);
    expect(lintStatements(second, { session })).toEqual([]);
    // Without the first revision, SET NOT NULL is flagged.
    expect(rulesOf(lintStatements(second))).toContain('adding-not-nullable-field');
  });

  test('require-lock-timeout: the runner sets lock_timeout; only disabling it is flagged', async () => {
    const alter = 'ALTER TABLE t ADD COLUMN note text';
    expect(await lintSql(alter)).toEqual([]);
    expect(rulesOf(await lintSql(alter, { lockTimeoutMs: 0 }))).toEqual(['require-lock-timeout']);
    expect(rulesOf(await lintSql(`SET lock_timeout TO DEFAULT;\n${alter}`))).toEqual([
      'require-lock-timeout',
    ]);
    expect(await lintSql(`SET LOCAL lock_timeout = '1s';\n${alter}`, { lockTimeoutMs: 0 })).toEqual(
      [],
    );
  });
});

describe('suppression and configuration', () => {
  const drop = 'ALTER TABLE grants DROP COLUMN legacy';

  test('a suppression with a reason silences the rule, by name or by code', async () => {
    expect(await lintSql(`-- retort-ignore ban-drop-column: unused since 4.2\n${drop}`)).toEqual(
      [],
    );
    expect(await lintSql(`-- retort-ignore RT115: unused since 4.2\n${drop}`)).toEqual([]);
  });

  test('a suppression without a reason is reported and not honoured', async () => {
    const d = await lintSql(`-- retort-ignore ban-drop-column\n${drop}`);
    expect(d.map((x) => [x.code, x.rule, x.severity])).toEqual([
      ['RT002', 'invalid-suppression', 'error'],
      ['RT115', 'ban-drop-column', 'warning'],
    ]);
  });

  test('an unknown rule in a suppression is reported', async () => {
    const d = await lintSql(`-- retort-ignore ban-everything: because\n${drop}`);
    expect(rulesOf(d)).toEqual(['invalid-suppression', 'ban-drop-column']);
  });

  test('op-level lintIgnore works like the comment', async () => {
    await loadParser();
    const statements = sqlToLintInput(drop).statements.map((s) => ({
      ...s,
      lintIgnore: [{ rule: 'ban-drop-column', reason: 'unused since 4.2' }],
    }));
    expect(lintStatements(statements)).toEqual([]);
  });

  test('an unused suppression is itself reported, and so is one above no statement', async () => {
    const d = await lintSql(
      `-- retort-ignore ban-drop-table: not needed\nALTER TABLE grants ADD COLUMN note text;\n\n-- retort-ignore ban-drop-column: stray\n`,
    );
    expect(d.map((x) => [x.rule, x.line])).toEqual([
      ['unused-suppression', 2],
      ['unused-suppression', 4],
    ]);
  });

  test('config switches rules off or changes severity, by name or code', async () => {
    expect(await lintSql(drop, { rules: { 'ban-drop-column': 'off' } })).toEqual([]);
    expect((await lintSql(drop, { rules: { RT115: 'error' } }))[0]?.severity).toBe('error');
    // A suppression of a rule switched off is not "unused".
    expect(
      await lintSql(`-- retort-ignore ban-drop-column: x\n${drop}`, {
        rules: { 'ban-drop-column': 'off' },
      }),
    ).toEqual([]);
  });

  test('diagnostics carry revision, file, position, statement, impact and alternative', async () => {
    const [d] = await lintSql('\n\n  CREATE INDEX i ON t (a);', {
      revision: 'abc123',
      file: 'migrations/abc123_index.sql',
    });
    expect(d).toMatchObject({
      code: 'RT101',
      rule: 'require-concurrent-index-creation',
      severity: 'error',
      revision: 'abc123',
      file: 'migrations/abc123_index.sql',
      line: 3,
      column: 3,
      statement: 'CREATE INDEX i ON t (a)',
    });
    expect(d?.impact).toMatch(/SHARE lock/);
    expect(d?.safeAlternative).toMatch(/CONCURRENTLY/);
  });
});
