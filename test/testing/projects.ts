import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/project/config-loader.js';
import type { ResolvedConfig } from '../../src/core/config.js';
import { runCli, tempProject, type CliRun } from '../support/cli.js';

/**
 * One pristine PGlite data directory for every project of these tests (initdb once, not per
 * temporary project): in-process runs use it directly, CLI projects get a copy.
 */
export const SHARED_CACHE = join(tmpdir(), 'retort-test-command-cache');

/** Revision ids of the small projects `retort test` is tried on. */
export const R = { notes: 'a0a0a0a0a0a0', second: 'b1b1b1b1b1b1', third: 'c2c2c2c2c2c2' } as const;

const NOTES = `-- revision: ${R.notes}
-- revises:
-- message: create notes

-- retort:upgrade
CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL, body text);

-- retort:downgrade
DROP TABLE notes;

-- retort:test after
SELECT count(*) = 0 FROM notes;
`;

const sqlRevision = (id: string, parent: string, message: string, body: string): string =>
  `-- revision: ${id}\n-- revises: ${parent}\n-- message: ${message}\n\n${body}`;

/** Each project: the notes table, then one revision that is right or wrong in one way. */
export const SECOND: Record<string, string> = {
  /** Correct, with a SQL fixture: rows in before, assertions after. */
  good: sqlRevision(
    R.second,
    R.notes,
    'add notes.author',
    `-- retort:upgrade
ALTER TABLE notes ADD COLUMN author text;

-- retort:downgrade
ALTER TABLE notes DROP COLUMN author;

-- retort:test before
INSERT INTO notes (title, body) VALUES ('first', 'kept through up, down and up');

-- retort:test after
SELECT count(*) = 1 FROM notes WHERE author IS NULL AND body = 'kept through up, down and up';
SELECT * FROM notes WHERE title IS NULL;
`,
  ),
  /** The downgrade drops the wrong column. */
  brokenDowngrade: sqlRevision(
    R.second,
    R.notes,
    'add notes.author',
    `-- retort:upgrade
ALTER TABLE notes ADD COLUMN author text;

-- retort:downgrade
-- retort-ignore ban-drop-column: the test project's deliberate mistake
ALTER TABLE notes DROP COLUMN body;
`,
  ),
  /** Trims every body: the downgrade cannot bring the text back. */
  dataLoss: sqlRevision(
    R.second,
    R.notes,
    'trim note bodies',
    `-- retort:upgrade
UPDATE notes SET body = left(body, 10);

-- retort:downgrade
SELECT 1;

-- retort:test before
INSERT INTO notes (title, body) VALUES ('long', 'a body much longer than ten characters');

-- retort:test after
SELECT count(*) = 1 FROM notes WHERE title = 'long';
`,
  ),
  /** Creates a table and a function; the downgrade forgets the function. */
  trace: sqlRevision(
    R.second,
    R.notes,
    'tags and a trigger function',
    `-- retort:upgrade
CREATE TABLE tags (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE FUNCTION notes_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;

-- retort:downgrade
-- retort-ignore ban-drop-table: the test project's table
DROP TABLE tags;
`,
  ),
  /** Declared irreversible: reported, its downgrade never run. */
  irreversible: sqlRevision(
    R.second,
    R.notes,
    'drop notes.body for good',
    `-- irreversible: true

-- retort:upgrade
-- retort-ignore ban-drop-column: the test project drops it on purpose
ALTER TABLE notes DROP COLUMN body;

-- retort:downgrade
ALTER TABLE notes ADD COLUMN body text;
`,
  ).replace(
    '-- message: drop notes.body for good\n\n-- irreversible: true',
    '-- message: drop notes.body for good\n-- irreversible: true',
  ),
  /** A TypeScript fixture whose check fails. */
  tsFixture: `import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: '${R.second}',
  revises: '${R.notes}',
  message: 'add notes.pinned',
  upgrade(op) {
    op.addColumn('notes', 'pinned', { type: 'boolean' });
  },
  downgrade(op) {
    op.dropColumn('notes', 'pinned');
  },
  test: {
    before: { notes: [{ title: 'a', body: 'b' }] },
    async after(query) {
      const [row] = await query<{ pinned: boolean | null }>('SELECT pinned FROM notes');
      if (row?.pinned !== false) throw new Error(\`pinned should default to false, found \${String(row?.pinned)}\`);
    },
  },
});
`,
};

/** A temp project: notes, then `second` (an entry of SECOND), optionally a second head. */
export function testProject(
  second: keyof typeof SECOND,
  options: { otherHead?: boolean; databaseUrl?: string } = {},
): { dir: string; config(): Promise<ResolvedConfig>; run(...args: string[]): Promise<CliRun> } {
  const dir = tempProject('retort-test-cmd-');
  mkdirSync(join(dir, 'migrations'));
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  write(
    'retort.config.mjs',
    `export default { migrationsDir: 'migrations', databaseUrl: ${JSON.stringify(options.databaseUrl ?? 'pglite:./.retort/db')} };\n`,
  );
  if (existsSync(SHARED_CACHE))
    cpSync(SHARED_CACHE, join(dir, '.retort/cache'), { recursive: true });
  write(`migrations/${R.notes}_create_notes.sql`, NOTES);
  const text = SECOND[second]!;
  write(`migrations/${R.second}_second.${text.startsWith('import') ? 'ts' : 'sql'}`, text);
  if (options.otherHead)
    write(
      `migrations/${R.third}_other.sql`,
      sqlRevision(
        R.third,
        R.notes,
        'another branch',
        '-- retort:upgrade\nCREATE TABLE other (id bigint PRIMARY KEY);\n\n-- retort:downgrade\n-- retort-ignore ban-drop-table: test\nDROP TABLE other;\n',
      ),
    );
  return {
    dir,
    config: () => loadConfig({ configFile: join(dir, 'retort.config.mjs') }),
    run: (...args) => runCli(args, { cwd: dir }),
  };
}
