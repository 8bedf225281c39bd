import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runBinary, runCli, seedPglite, tempProject } from '../support/cli.js';

/**
 * `retort lint` and the upgrade gate as a user runs them (the built bin; `npm run build` first).
 * The project mixes a SQL and a TypeScript migration, as in the grant-finder guide.
 */
let dir: string;

function write(path: string, text: string): void {
  writeFileSync(join(dir, path), text);
}

beforeAll(async () => {
  dir = tempProject('retort-lint-');
  await seedPglite(dir);
  mkdirSync(join(dir, 'migrations'));
  write(
    'retort.config.ts',
    `import { defineConfig } from 'retort-pg';
export default defineConfig({ migrationsDir: 'migrations', databaseUrl: 'pglite:memory' });
`,
  );
  write(
    'migrations/d896bf2738fb_grants.sql',
    `-- revision: d896bf2738fb
-- revises:
-- message: grants

-- retort:upgrade
CREATE TABLE grants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL);
CREATE INDEX grants_title_idx ON grants (title);

-- retort:downgrade
DROP TABLE grants;
`,
  );
  write(
    'migrations/e4f7a9b2c3d1_users.ts',
    `import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'e4f7a9b2c3d1',
  revises: 'd896bf2738fb',
  message: 'add multi-user support',
  upgrade(op) {
    op.execute('ALTER TABLE grants ADD COLUMN user_id bigint');
    op.createIndex('grants_user_id_idx', 'grants', ['user_id']);
    op.execute('ALTER TABLE grants DROP COLUMN title', {
      lintIgnore: { rule: 'ban-drop-column', reason: 'title moved to grant_versions in 4.2' },
    });
  },
  downgrade(op) {
    op.execute('ALTER TABLE grants DROP COLUMN user_id');
  },
});
`,
  );
});

describe('retort lint', () => {
  test('text output, exit 1 on an error-level finding', async () => {
    const run = await runCli(['lint'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    // The index on a table created in the same migration is fine; the one in the TS migration is not.
    expect(run.stdout).not.toContain('d896bf2738fb_grants.sql');
    expect(run.stdout).toContain(
      'migrations/e4f7a9b2c3d1_users.ts:9:1  error  RT101 require-concurrent-index-creation',
    );
    expect(run.stdout).toContain('safe:');
    expect(run.stdout).not.toContain('ban-drop-column');
    expect(run.stdout).not.toContain('\u001b[');
  });

  test('compact format for CI annotators', async () => {
    const run = await runCli(['lint', '--format', 'compact'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')[0]).toMatch(
      /^migrations\/e4f7a9b2c3d1_users\.ts:9:1: error RT101 /,
    );
  });

  test('--json and a single revision range', async () => {
    const run = await runCli(['lint', 'd896bf2738fb', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { revisions: number; diagnostics: unknown[] };
    expect(result).toMatchObject({ revisions: 1, diagnostics: [] });
  });

  test('an unknown format is a usage error', async () => {
    const run = await runCli(['lint', '--format', 'xml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('LINT_FORMAT');
  });

  test('config can switch a rule off', async () => {
    const sub = tempProject('retort-lint-cfg-');
    mkdirSync(join(sub, 'migrations'));
    writeFileSync(
      join(sub, 'retort.config.ts'),
      `export default { lint: { rules: { 'require-concurrent-index-creation': 'off', RT112: 'off' } } };\n`,
    );
    writeFileSync(
      join(sub, 'migrations/aaaaaaaaaaaa_idx.sql'),
      '-- revision: aaaaaaaaaaaa\n-- revises:\n-- message: idx\n\n-- retort:upgrade\nCREATE INDEX i ON t (a);\n\n-- retort:downgrade\nDROP INDEX i;\n',
    );
    const run = await runCli(['lint'], { cwd: sub });
    expect(run.stdout.trim()).toBe('No findings (1 revision, 1 statement, PostgreSQL 12+).');
    expect(run.code).toBe(0);
  });
});

test('a range sees facts proven by earlier revisions (validated NOT NULL check)', async () => {
  const sub = tempProject('retort-lint-nn-');
  mkdirSync(join(sub, 'migrations'));
  writeFileSync(join(sub, 'retort.config.mjs'), 'export default {};\n');
  const rev = (id: string, parent: string, body: string): void =>
    writeFileSync(
      join(sub, `migrations/${id}_m.sql`),
      `-- revision: ${id}\n-- revises: ${parent}\n-- message: m\n\n-- retort:upgrade\n${body}\n\n-- retort:downgrade\nSELECT 1;\n`,
    );
  rev(
    'aaaaaaaaaaa1',
    '',
    'CREATE TABLE g (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, u bigint);',
  );
  rev(
    'aaaaaaaaaaa2',
    'aaaaaaaaaaa1',
    'ALTER TABLE g ADD CONSTRAINT g_u_nn CHECK (u IS NOT NULL) NOT VALID;',
  );
  rev(
    'aaaaaaaaaaa3',
    'aaaaaaaaaaa2',
    'ALTER TABLE g VALIDATE CONSTRAINT g_u_nn;\nALTER TABLE g ALTER COLUMN u SET NOT NULL;\nALTER TABLE g DROP CONSTRAINT g_u_nn;',
  );
  const alone = await runCli(['lint', 'aaaaaaaaaaa3', '--format', 'compact'], { cwd: sub });
  expect(alone.stdout).toBe('');
  expect(alone.code).toBe(0);
});

test('a data migration (op.query) is linted without a database, on its no-rows path (no console patching)', async () => {
  const sub = tempProject('retort-lint-data-');
  mkdirSync(join(sub, 'migrations'));
  writeFileSync(join(sub, 'retort.config.mjs'), 'export default {};\n');
  writeFileSync(
    join(sub, 'migrations/bbbbbbbbbbb1_data.ts'),
    `import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'bbbbbbbbbbb1',
  revises: null,
  message: 'data',
  async upgrade(op) {
    const rows = await op.query('SELECT id FROM grants WHERE user_id IS NULL');
    console.warn('mapping', rows.length, 'rows');
    op.execute('UPDATE grants SET user_id = 1 WHERE user_id IS NULL');
    op.execute('ALTER TABLE grants ALTER COLUMN user_id SET NOT NULL');
  },
  downgrade(op) {},
});
`,
  );
  // The real binary: the migration's own output reaches the process's stderr untouched (retort
  // patches no global console), which an in-process run cannot observe.
  const run = runBinary(['lint', '--format', 'compact'], { cwd: sub });
  expect(run.stderr).toBe('mapping 0 rows\n');
  expect(run.stdout).toMatch(/^migrations\/bbbbbbbbbbb1_data\.ts:\d+:1: error RT104 /);
  expect(run.code).toBe(1);
});

describe('upgrade lint gate', () => {
  test('refuses an error-level finding before running anything (exit 8)', async () => {
    const run = await runCli(['upgrade', 'head'], { cwd: dir });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain('error[LINT_GATE]');
    expect(run.stderr).toContain('e4f7a9b2c3d1_users.ts:9:1 RT101');
  });

  test('--lint=warn runs and reports the findings', async () => {
    const run = await runCli(['upgrade', 'head', '--lint=warn'], { cwd: dir });
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Lint: 1 error(s)');
  });

  test('--sql is gated too', async () => {
    const run = await runCli(['upgrade', 'head', '--sql'], { cwd: dir });
    expect(run.code).toBe(8);
  });
});
