import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/commands/lint.js';
import { isRetortError, type RetortError } from '../../src/core/errors.js';
import { assertionFailure, dataDifferences } from '../../src/core/testing/compare.js';
import { loadConfig } from '../../src/project/config-loader.js';
import { readSqlMigrationBody } from '../../src/project/revision-files.js';
import { parseSqlRevisionFile } from '../../src/project/sql-revision-file.js';
import { scanTsMigration } from '../../src/project/ts-migration-scanner.js';
import { tempProject } from '../support/cli.js';

/** The RetortError `fn` throws. */
function errorOf(fn: () => unknown): RetortError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isRetortError(caught)).toBe(true);
  return caught as RetortError;
}

const SQL = `-- revision: ab12
-- revises: 0001
-- message: add author
-- irreversible: true

-- retort:upgrade
ALTER TABLE notes ADD COLUMN author text;

-- retort:downgrade
ALTER TABLE notes DROP COLUMN author;

-- retort:test before
DROP TABLE IF EXISTS scratch;
INSERT INTO notes (title) VALUES ('x');

-- retort:test after
SELECT count(*) = 1 FROM notes;
`;

describe('SQL revision files: -- retort:test sections and -- irreversible', () => {
  it('reads the test sections apart from upgrade and downgrade, with their lines', () => {
    const parsed = parseSqlRevisionFile(SQL, 'm/ab12_x.sql');
    expect(parsed.irreversible).toBe(true);
    expect(parsed.downgrade.trim()).toBe('ALTER TABLE notes DROP COLUMN author;');
    expect(parsed.testBefore).toEqual({
      text: "DROP TABLE IF EXISTS scratch;\nINSERT INTO notes (title) VALUES ('x');\n",
      line: 13,
    });
    expect(parsed.testAfter?.text.trim()).toBe('SELECT count(*) = 1 FROM notes;');
    expect(readSqlMigrationBody(SQL, 'm/ab12_x.sql').downgrade).not.toContain('INSERT');
  });

  it('rejects an unknown test section and a second one, naming the line', () => {
    const unknown = errorOf(() =>
      parseSqlRevisionFile(SQL.replace('-- retort:test after', '-- retort:test during'), 'm/x.sql'),
    );
    expect(unknown.message).toContain('m/x.sql:16');
    expect(unknown.message).toContain('unknown section marker `-- retort:test during`');
    const twice = errorOf(() => parseSqlRevisionFile(`${SQL}-- retort:test before\n`, 'm/x.sql'));
    expect(twice.message).toContain(
      'a second `-- retort:test before` section (the first is on line 12)',
    );
  });

  it('rejects an irreversible value other than true or false', () => {
    const e = errorOf(() =>
      parseSqlRevisionFile(SQL.replace('irreversible: true', 'irreversible: yes'), 'm/x.sql'),
    );
    expect(e.message).toContain('m/x.sql:4');
  });

  it('lint reads the upgrade only: fixture statements are never linted', async () => {
    const dir = tempProject('retort-fixture-lint-');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'retort.config.mjs'),
      "export default { migrationsDir: 'migrations' };\n",
    );
    writeFileSync(join(dir, 'migrations/ab12_x.sql'), SQL.replace('-- revises: 0001\n', ''));
    const result = await lint({
      config: await loadConfig({ configFile: join(dir, 'retort.config.mjs') }),
    });
    expect(result.diagnostics.map((d) => d.rule)).not.toContain('ban-drop-table');
    expect(result.statements).toBe(1);
  });
});

const TS = `import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'ab12',
  revises: '0001',
  message: 'add author',
  irreversible: true,
  upgrade(op) {
    op.addColumn('notes', 'author', { type: 'text' });
  },
  downgrade(op) {
    op.dropColumn('notes', 'author');
  },
  test: {
    before: { notes: [{ title: 'revision: "not metadata"', body: \`\${1}\` }] },
    async after(query) {
      const rows = await query('SELECT 1');
      if (rows.length !== 1) throw new Error('{');
    },
  },
});
`;

describe('TypeScript revision files: test and irreversible', () => {
  it('reads irreversible statically and skips the test property', () => {
    const meta = scanTsMigration(TS, 'm/ab12_x.ts');
    expect(meta).toMatchObject({ revision: 'ab12', revises: ['0001'], irreversible: true });
    expect(
      scanTsMigration(TS.replace('  irreversible: true,\n', ''), 'm/x.ts').irreversible,
    ).toBeUndefined();
  });

  it('requires irreversible to be a boolean literal', () => {
    const e = errorOf(() =>
      scanTsMigration(TS.replace('irreversible: true', 'irreversible: flag'), 'm/x.ts'),
    );
    expect(e.message).toContain('m/x.ts:7');
    expect(e.message).toContain('`irreversible` is not a literal');
  });
});

describe('the comparisons', () => {
  it('passes an assertion with no rows or only true, and says what came back otherwise', () => {
    expect(assertionFailure([])).toBeUndefined();
    expect(assertionFailure([{ ok: true }, { ok: true }])).toBeUndefined();
    expect(assertionFailure([{ ok: false }])).toBe('returned false');
    expect(assertionFailure([{ ok: null }])).toBe('returned NULL');
    expect(assertionFailure([{ id: 3, user_id: null }])).toBe(
      'returned 1 row: {"id":3,"user_id":null}',
    );
  });

  it('compares data as multisets of rows per table', () => {
    const before = new Map([['notes', ['{"id":1}', '{"id":1}', '{"id":2}']]]);
    expect(dataDifferences(before, before)).toEqual([]);
    const after = new Map([['notes', ['{"id":1}', '{"id":2}', '{"id":3}']]]);
    expect(dataDifferences(after, before)).toEqual([
      'notes: 1 row missing or changed ({"id":1}); 1 row not there before ({"id":3})',
    ]);
  });
});
