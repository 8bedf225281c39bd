import { mkdtempSync, mkdirSync, writeFileSync, utimesSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanTsMigration } from '../../src/project/ts-migration-scanner.js';
import { parseSqlRevisionFile } from '../../src/project/sql-revision-file.js';
import {
  readRevisionFiles,
  readSqlMigrationBody,
  isRevisionFileName,
} from '../../src/project/revision-files.js';
import { renderSqlRevision, renderTsRevision, slugify } from '../../src/project/revision-writer.js';
import { isRetortError, type RetortError } from '../../src/core/errors.js';

function errorOf(fn: () => unknown): RetortError {
  try {
    fn();
  } catch (error) {
    if (isRetortError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const TS = `/**
 * add users
 *
 * Revision ID: ab12
 * Revises: 0001
 * Create Date: 2026-11-21T05:00:00.000Z
 */
import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'ab12',
  revises: '0001',
  message: 'add users',
  upgrade(op) {
    op.execute('CREATE TABLE users (id int)');
  },
  downgrade(op) {
    op.execute('DROP TABLE users');
  },
});
`;

describe('TypeScript revision files', () => {
  it('reads the metadata literals and the Create Date of the doc comment', () => {
    expect(scanTsMigration(TS, 'm/ab12_add_users.ts')).toEqual({
      revision: 'ab12',
      revises: ['0001'],
      message: 'add users',
      dependsOn: [],
      branchLabels: [],
      transactional: true,
      createdAt: '2026-11-21T05:00:00.000Z',
      revisionLine: 11,
    });
  });

  it('reads merges, null bases, labels, dependencies, transactional and every quote style', () => {
    const text = `export default defineMigration({
      "revision": "m1", revises: ['a', \`b\`,], message: 'it\\'s a "merge"',
      dependsOn: 'x', branchLabels: ['billing'] as const, transactional: false,
      async upgrade(op) {}, downgrade: async (op) => {},
    });`;
    const meta = scanTsMigration(text, 'f.ts');
    expect(meta).toMatchObject({
      revision: 'm1',
      revises: ['a', 'b'],
      message: `it's a "merge"`,
      dependsOn: ['x'],
      branchLabels: ['billing'],
      transactional: false,
    });
    expect(scanTsMigration(TS.replace("revises: '0001'", 'revises: null'), 'f.ts').revises).toEqual(
      [],
    );
  });

  it('ignores revision: text inside comments, strings, templates and regexes', () => {
    const text = `// defineMigration({ revision: 'fake1' })
/* revision: 'fake2' */
const s = "defineMigration({ revision: 'fake3' })";
const r = /revision: '[a-z]+'/g;
export default defineMigration({
  upgrade(op) {
    op.execute(\`-- revision: 'fake4' \${"}"} message: 'x'\`);
    const re = /\\}, revision: 'fake5'/;
  },
  // revision: 'fake6',
  revision: 'real', /* revises: 'nope' */ revises: null,
  message: 'the one',
  downgrade(op) { op.execute('revision: "fake7"'); },
});`;
    expect(scanTsMigration(text, 'f.ts')).toMatchObject({
      revision: 'real',
      revises: [],
      message: 'the one',
    });
  });

  it('skips bodies with divisions, regexes, nested templates and brackets in comments', () => {
    const text = `export default defineMigration({
  async upgrade(op) {
    const half = rows.length / 2 / 1; // a } in a comment
    const re = /[}{'"\\/]+/g; /* { and ' in a block comment */
    const f = () => { return /}/.test('x'); };
    op.execute(\`SELECT \${\`\${half} }\`} -- }'\`);
    const o = { a: [1, 2], b: (3) };
  },
  downgrade(op) { if (a) { b(); } else /x/.exec('}'); },
  revision: 'late', revises: ['p1', 'p2'], message: 'metadata after the methods',
});`;
    expect(scanTsMigration(text, 'f.ts')).toMatchObject({
      revision: 'late',
      revises: ['p1', 'p2'],
      message: 'metadata after the methods',
    });
  });

  it('reads files with a BOM and CRLF line endings', () => {
    const meta = scanTsMigration(`\uFEFF${TS.replace(/\n/g, '\r\n')}`, 'f.ts');
    expect(meta.revision).toBe('ab12');
    expect(meta.createdAt).toBe('2026-11-21T05:00:00.000Z');
  });

  it('refuses metadata that is not a literal, naming file and line', () => {
    const text = `import { ID } from './ids';\nexport default defineMigration({\n  revision: ID,\n  revises: null, message: 'x', upgrade() {}, downgrade() {} });`;
    const error = errorOf(() => scanTsMigration(text, 'm/x_y.ts'));
    expect(error.code).toBe('REVISION_FILE_MALFORMED');
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe(
      'm/x_y.ts:3: `revision` is not a literal (metadata must be a literal because retort reads it without executing the file); expected a string literal.',
    );
    expect(
      errorOf(() => scanTsMigration(TS.replace("'0001'", "'00' + '01'"), 'f.ts')).message,
    ).toMatch(/^f\.ts:12: `revises` is not a literal/);
    expect(
      errorOf(() => scanTsMigration(TS.replace("'add users',", '`add ${name}`,'), 'f.ts')).message,
    ).toMatch(/^f\.ts:13: `message` is not a literal/);
  });

  it('refuses a missing revision, revises or message, and a duplicated key', () => {
    expect(
      errorOf(() => scanTsMigration(TS.replace("revision: 'ab12',", ''), 'f.ts')).message,
    ).toMatch(/has no `revision`/);
    expect(
      errorOf(() => scanTsMigration(TS.replace("revises: '0001',", ''), 'f.ts')).message,
    ).toMatch(/has no `revises`; expected `revises: '<parent id>'`, or `revises: null` for a base/);
    expect(
      errorOf(() => scanTsMigration(TS.replace("message: 'add users',", ''), 'f.ts')).message,
    ).toMatch(/has no `message`/);
    expect(
      errorOf(() =>
        scanTsMigration(TS.replace("message: 'add users',", "message: 'a', message: 'b',"), 'f.ts'),
      ).message,
    ).toMatch(/^f\.ts:13: `message` is given twice/);
  });

  it('says a file without defineMigration is not a migration', () => {
    const error = errorOf(() => scanTsMigration('export const helper = 1;\n', 'm/ab_helpers.ts'));
    expect(error.code).toBe('REVISION_FILE_NOT_A_MIGRATION');
    expect(error.message).toBe(
      'm/ab_helpers.ts is not a migration: no `defineMigration({...})` call found.',
    );
  });

  it('round-trips what the writer renders', () => {
    const text = renderTsRevision({
      id: 'c0ffee',
      revises: ['a', 'b'],
      message: "merge 'em */ all",
      dependsOn: ['x'],
      branchLabels: ['l'],
      createdAt: '2026-11-21T05:00:00.000Z',
      format: 'ts',
      body: { upgrade: "op.execute('SELECT 1');", downgrade: "op.execute('SELECT 2');" },
    });
    expect(scanTsMigration(text, 'f.ts')).toMatchObject({
      revision: 'c0ffee',
      revises: ['a', 'b'],
      message: "merge 'em */ all",
      dependsOn: ['x'],
      branchLabels: ['l'],
      createdAt: '2026-11-21T05:00:00.000Z',
    });
    expect(text).toContain("  upgrade(op) {\n    op.execute('SELECT 1');\n  },");
  });
});

const SQL = `-- revision: e4f7a9b2c3d1
-- revises: d896bf2738fb
-- message: add multi-user support
-- A free comment line.
-- branch-labels: billing, core
-- depends-on: abc123

-- retort:upgrade
CREATE TABLE users (id int);
-- retort-ignore require-concurrent-index: table is empty
CREATE INDEX users_id ON users (id);

-- retort:downgrade
DROP TABLE users;
`;

describe('SQL revision files', () => {
  it('reads the header and both sections with their first lines', () => {
    const parsed = parseSqlRevisionFile(SQL, 'm/e4_x.sql');
    expect(parsed).toMatchObject({
      revision: 'e4f7a9b2c3d1',
      revises: ['d896bf2738fb'],
      message: 'add multi-user support',
      branchLabels: ['billing', 'core'],
      dependsOn: ['abc123'],
      transactional: true,
      upgradeLine: 9,
      downgradeLine: 14,
    });
    expect(parsed.upgrade).toBe(
      'CREATE TABLE users (id int);\n-- retort-ignore require-concurrent-index: table is empty\nCREATE INDEX users_id ON users (id);\n',
    );
    expect(parsed.downgrade).toBe('DROP TABLE users;\n');
  });

  it('reads merges, bases and transactional: false; BOM and CRLF are fine', () => {
    const text =
      '\uFEFF-- revision: m\r\n-- revises: a, b\r\n-- message: merge\r\n-- transactional: false\r\n-- retort:upgrade\r\n-- retort:downgrade\r\n';
    expect(readSqlMigrationBody(text, 'f.sql')).toEqual({
      upgrade: '',
      upgradeLine: 6,
      downgrade: '',
      downgradeLine: 7,
      transactional: false,
    });
    expect(parseSqlRevisionFile(text, 'f.sql').revises).toEqual(['a', 'b']);
    expect(
      parseSqlRevisionFile(SQL.replace('-- revises: d896bf2738fb\n', '-- revises:\n'), 'f.sql')
        .revises,
    ).toEqual([]);
  });

  it('names the line and what was expected for malformed files', () => {
    const cases: [string, string][] = [
      [
        SQL.replace('-- depends-on', '-- depend-on'),
        'm.sql:6: unknown header key `depend-on`; expected one of revision, revises, message, depends-on, branch-labels, transactional, irreversible, created.',
      ],
      [
        SQL.replace('-- revision: e4f7a9b2c3d1\n', ''),
        'm.sql:1: no revision id in the header; expected `-- revision: <id>` as a header line.',
      ],
      [
        SQL.replace('-- message: add multi-user support\n', ''),
        'm.sql:1: no message in the header; expected `-- message: <one line>` as a header line.',
      ],
      [
        SQL.replace('-- retort:downgrade\n', ''),
        'm.sql:14: no `-- retort:downgrade` section; expected a `-- retort:downgrade` line before the downgrade SQL.',
      ],
      [
        `${SQL}-- retort:upgrade\n`,
        'm.sql:15: a second `-- retort:upgrade` section (the first is on line 8); expected one `-- retort:upgrade` marker.',
      ],
      [
        SQL.replace('-- A free comment line.', 'SELECT 1;'),
        'm.sql:4: SQL before the `-- retort:upgrade` marker; expected `-- key: value` header lines, then `-- retort:upgrade`.',
      ],
      [
        SQL.replace('-- depends-on: abc123', '-- transactional: maybe'),
        'm.sql:6: `transactional: maybe`; expected `true` or `false`.',
      ],
      [
        SQL.replace('-- retort:downgrade', '-- retort:down'),
        'm.sql:13: unknown section marker `-- retort:down`; expected `-- retort:upgrade`, `-- retort:downgrade`, `-- retort:test before` or `-- retort:test after`.',
      ],
    ];
    for (const [text, message] of cases) {
      const error = errorOf(() => parseSqlRevisionFile(text, 'm.sql'));
      expect(error.message).toBe(message);
      expect(error.exitCode).toBe(4);
    }
  });

  it('says a plain SQL file is not a migration', () => {
    const error = errorOf(() =>
      parseSqlRevisionFile('CREATE TABLE t (id int);\n', 'm/ab_dump.sql'),
    );
    expect(error.code).toBe('REVISION_FILE_NOT_A_MIGRATION');
    expect(error.message).toBe(
      'm/ab_dump.sql is not a migration: line 1 is SQL before any `-- revision:` header.',
    );
  });

  it('round-trips what the writer renders', () => {
    const text = renderSqlRevision({
      id: 'c0ffee',
      revises: [],
      message: 'first',
      dependsOn: [],
      branchLabels: ['core'],
      createdAt: '2026-11-21T05:00:00.000Z',
      format: 'sql',
    });
    expect(text).toBe(
      '-- revision: c0ffee\n-- revises:\n-- message: first\n-- branch-labels: core\n-- created: 2026-11-21T05:00:00.000Z\n\n-- retort:upgrade\n-- CREATE TABLE …;\n\n-- retort:downgrade\n-- DROP TABLE …;\n',
    );
    expect(parseSqlRevisionFile(text, 'f.sql')).toMatchObject({
      revision: 'c0ffee',
      revises: [],
      branchLabels: ['core'],
      createdAt: '2026-11-21T05:00:00.000Z',
    });
  });
});

describe('reading a migrations directory', () => {
  const project = (): { root: string; dir: string } => {
    const root = mkdtempSync(join(tmpdir(), 'retort-files-'));
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    return { root, dir };
  };

  it('reads both formats, ignores other files, and names files relative to the root', async () => {
    const { root, dir } = project();
    writeFileSync(join(dir, 'ab12_add_users.ts'), TS);
    writeFileSync(join(dir, 'e4f7a9b2c3d1_multi.sql'), SQL);
    for (const name of ['README.md', '.gitkeep', 'types.d.ts', 'helpers.ts', 'notes.sql'])
      writeFileSync(join(dir, name), 'x');
    const files = await readRevisionFiles(dir, root);
    expect(files.map((f) => [f.id, f.file, f.format])).toEqual([
      ['ab12', 'migrations/ab12_add_users.ts', 'ts'],
      ['e4f7a9b2c3d1', 'migrations/e4f7a9b2c3d1_multi.sql', 'sql'],
    ]);
    expect(isRevisionFileName('ab_x.d.ts')).toBe(false);
  });

  it('refuses an id that differs from the file name, and an id in two files', async () => {
    const { root, dir } = project();
    writeFileSync(join(dir, 'zz99_add_users.ts'), TS);
    await expect(readRevisionFiles(dir, root)).rejects.toThrow(
      "migrations/zz99_add_users.ts declares revision 'ab12', but its file name does not start with 'ab12_'.",
    );
    rmSync(join(dir, 'zz99_add_users.ts'));
    writeFileSync(join(dir, 'ab12_add_users.ts'), TS);
    writeFileSync(join(dir, 'ab12_copy.ts'), TS);
    await expect(readRevisionFiles(dir, root)).rejects.toThrow(
      "Revision 'ab12' is declared twice: in migrations/ab12_add_users.ts and in migrations/ab12_copy.ts.",
    );
  });

  it('caches metadata by size and mtime and never trusts a stale entry', async () => {
    const { root, dir } = project();
    const path = join(dir, 'ab12_add_users.ts');
    writeFileSync(path, TS);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    expect((await readRevisionFiles(dir, root))[0]!.message).toBe('add users');
    const cache = readFileSync(join(root, '.retort/cache/revision-metadata.json'), 'utf8');
    expect(cache).toContain('ab12_add_users.ts');
    // Same size, new mtime: must be read again.
    writeFileSync(path, TS.replace("message: 'add users'", "message: 'add rsers'"));
    utimesSync(path, 1_700_000_100, 1_700_000_100);
    expect((await readRevisionFiles(dir, root))[0]!.message).toBe('add rsers');
    // A file modified in the last two seconds is never cached: a same-size rewrite within one
    // timestamp tick would keep its mtime.
    writeFileSync(join(dir, 'cd34_young.ts'), TS.replace(/ab12/g, 'cd34'));
    expect((await readRevisionFiles(dir, root)).map((f) => f.id)).toEqual(['ab12', 'cd34']);
    expect(readFileSync(join(root, '.retort/cache/revision-metadata.json'), 'utf8')).not.toContain(
      'cd34',
    );
    rmSync(join(dir, 'cd34_young.ts'));
    // A corrupt cache is ignored.
    writeFileSync(join(root, '.retort/cache/revision-metadata.json'), '{nope');
    expect((await readRevisionFiles(dir, root))[0]!.message).toBe('add rsers');
    // A removed file disappears.
    rmSync(path);
    expect(await readRevisionFiles(dir, root)).toEqual([]);
  });
});

describe('the directory listing in the cache', () => {
  it('is reused while the directory is unchanged and dropped when a file is added or removed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'retort-listing-'));
    const dir = join(root, 'migrations');
    mkdirSync(dir);
    const old = (path: string): void => utimesSync(path, 1_700_000_000, 1_700_000_000);
    writeFileSync(join(dir, 'ab12_add_users.ts'), TS);
    old(join(dir, 'ab12_add_users.ts'));
    old(dir);
    expect((await readRevisionFiles(dir, root)).map((f) => f.id)).toEqual(['ab12']);
    const cachePath = join(root, '.retort/cache/revision-metadata.json');
    expect(JSON.parse(readFileSync(cachePath, 'utf8')).listing).toEqual({
      mtimeMs: 1_700_000_000_000,
      names: ['ab12_add_users.ts'],
    });
    expect((await readRevisionFiles(dir, root)).map((f) => f.id)).toEqual(['ab12']);
    writeFileSync(
      join(dir, 'cd34_more.ts'),
      TS.replace(/ab12/g, 'cd34').replace("'0001'", "'ab12'"),
    );
    expect((await readRevisionFiles(dir, root)).map((f) => f.id)).toEqual(['ab12', 'cd34']);
    rmSync(join(dir, 'cd34_more.ts'));
    expect((await readRevisionFiles(dir, root)).map((f) => f.id)).toEqual(['ab12']);
  });
});

describe('slugs', () => {
  it('joins the words of the message and cuts at 40 characters on a word boundary', () => {
    expect(slugify('Add multi-user support (auth0) & stripe!')).toBe(
      'add_multi_user_support_auth0_stripe',
    );
    expect(slugify('add multi-user support with auth0 and stripe')).toBe(
      'add_multi_user_support_with_auth0_and',
    );
    expect(slugify('')).toBe('');
  });
});
