import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/project/config-loader.js';
import { importRevisionFile } from '../../src/project/migration-source.js';
import { frameInFile } from '../../src/project/revision-file-errors.js';
import type { RevisionFile } from '../../src/project/revision-files.js';
import type { MigrationDefinition } from '../../src/core/migration.js';
import { defineMigration } from '../../src/core/migration.js';
import { pickExports } from '../../src/project/declaration-loader.js';
import { sql } from '../../src/core/ops/sql-expression.js';
import { tempProject } from '../support/cli.js';

const cacheFiles = (dir: string): string[] =>
  readdirSync(join(dir, '.retort/cache')).filter((f) => f.startsWith('config-'));

describe('loading a TypeScript config through the compiled-config cache', () => {
  it('compiles once, then reads the cached output; an edit is picked up at once', async () => {
    const dir = tempProject();
    const config = join(dir, 'retort.config.ts');
    writeFileSync(
      config,
      "import { defineConfig } from 'retort-pg';\nconst dir: string = 'first';\nexport default defineConfig({ migrationsDir: dir });\n",
    );
    expect((await loadConfig({ cwd: dir, env: {} })).migrationsDir).toBe(join(dir, 'first'));
    const [cached] = cacheFiles(dir);
    expect(cached).toMatch(/^config-[0-9a-f]+\.cjs$/);
    expect((await loadConfig({ cwd: dir, env: {} })).migrationsDir).toBe(join(dir, 'first'));
    writeFileSync(
      config,
      "import { defineConfig } from 'retort-pg';\nexport default defineConfig({ migrationsDir: 'second' as string });\n",
    );
    expect((await loadConfig({ cwd: dir, env: {} })).migrationsDir).toBe(join(dir, 'second'));
    expect(cacheFiles(dir)).toHaveLength(1);
    expect(cacheFiles(dir)[0]).not.toBe(cached);
  });

  it('takes the full jiti path for relative imports, and still reports config errors by key', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'shared.ts'), "export const migrations: string = 'from-import';\n");
    writeFileSync(
      join(dir, 'retort.config.ts'),
      "import { defineConfig } from 'retort-pg';\nimport { migrations } from './shared';\nexport default defineConfig({ migrationsDir: migrations });\n",
    );
    expect((await loadConfig({ cwd: dir, env: {} })).migrationsDir).toBe(join(dir, 'from-import'));
    writeFileSync(join(dir, 'retort.config.ts'), 'export default { versionTable: 7 };\n');
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(
      /`versionTable` must be a string, got number 7/,
    );
  });

  it('reports a config that throws, naming the file', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'retort.config.ts'), "throw new Error('no config today');\n");
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(
      /Could not load config file .*retort\.config\.ts:1:\d+: no config today/,
    );
  });

  it('reports a syntax error at file:line:column with the parser message, never __JITI_ERROR__', async () => {
    const dir = tempProject();
    writeFileSync(
      join(dir, 'retort.config.ts'),
      "import { defineConfig } from 'retort-pg';\n\nexport default defineConfig({\n  migrationsDir: 'migrations'\n  versionTable: 'x',\n});\n",
    );
    for (let run = 0; run < 2; run++) {
      const error = await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 3 });
      expect((error as Error).message).toMatch(
        /^Syntax error in config file .*retort\.config\.ts:5:3: /,
      );
      expect((error as Error).message).not.toContain('__JITI_ERROR__');
    }
    expect(cacheFiles(dir)).toEqual([]);
  });

  it('reports a JSON config syntax error at file:line:column', async () => {
    const dir = tempProject();
    writeFileSync(
      join(dir, 'retort.json'),
      '{\n  "migrationsDir": "migrations",\n  "databaseUrl": "pglite:memory",,\n}\n',
    );
    const error = await loadConfig({ cwd: dir, env: {}, configFile: 'retort.json' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 3 });
    expect((error as Error).message).toMatch(/retort\.json:3:34: /);
    writeFileSync(join(dir, 'retort.json'), '{ "migrationsDir": "from-json" }\n');
    expect((await loadConfig({ cwd: dir, env: {}, configFile: 'retort.json' })).migrationsDir).toBe(
      join(dir, 'from-json'),
    );
  });

  it('never copies a password from the config into the cache; cache files are private', async () => {
    const dir = tempProject();
    const canary = 'canary-Pw-7f3a9';
    writeFileSync(
      join(dir, 'retort.config.ts'),
      `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ databaseUrl: 'postgres://app:${canary}@db.example/app' });\n`,
    );
    expect((await loadConfig({ cwd: dir, env: {} })).databaseUrl).toContain(canary);
    expect(cacheFiles(dir)).toEqual([]);
    writeFileSync(
      join(dir, 'retort.config.ts'),
      `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ connection: { ssl: { passphrase: '${canary}' } } });\n`,
    );
    await loadConfig({ cwd: dir, env: {} });
    expect(cacheFiles(dir)).toEqual([]);
    writeFileSync(
      join(dir, 'retort.config.ts'),
      "import { defineConfig } from 'retort-pg';\nexport default defineConfig({ databaseUrl: 'postgres://app@db.example/app', connection: { passwordFile: '.pw' } });\n",
    );
    await loadConfig({ cwd: dir, env: {} });
    const [cached] = cacheFiles(dir);
    expect(cached).toBeDefined();
    const path = join(dir, '.retort/cache', cached!);
    expect(readFileSync(path, 'utf8')).not.toContain(canary);
    expect(statSync(path).mode & 0o077).toBe(0);
  });
});

describe('importing a TypeScript revision file through the compiled cache', () => {
  // `helper` is left on the definition by defineMigration: it shows which module answered.
  const MIGRATION = (body: string, imports = 'defineMigration, sql', helper = 'sql'): string =>
    `import { ${imports} } from 'retort-pg';\n\nexport default defineMigration({\n  revision: 'ab12cd34ef56',\n  helper: ${helper},\n  upgrade(op) {\n${body}\n  },\n  downgrade(op) {\n    op.execute(sql\`DROP TABLE t\`);\n  },\n});\n`;
  const revision = (dir: string): RevisionFile => ({
    id: 'ab12cd34ef56',
    revises: [],
    dependsOn: [],
    branchLabels: [],
    message: 't',
    transactional: true,
    file: 'migrations/ab12cd34ef56_t.ts',
    absolutePath: join(dir, 'migrations/ab12cd34ef56_t.ts'),
    format: 'ts',
  });
  const load = async (dir: string) =>
    (await importRevisionFile(revision(dir))) as MigrationDefinition & { helper?: unknown };
  const write = (dir: string, text: string): void => {
    mkdirSync(join(dir, 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'migrations/ab12cd34ef56_t.ts'), text);
  };
  const migrationCache = (dir: string): string[] =>
    readdirSync(join(dir, '.retort/cache')).filter((f) => f.startsWith('migration-'));

  it("answers 'retort-pg' with this retort's own modules, caches the transform, sees an edit", async () => {
    const dir = tempProject();
    write(dir, MIGRATION('    op.execute(sql`CREATE TABLE t (id int)`);'));
    // The very `sql` the runner uses: no second copy of retort is loaded for the file.
    expect((await load(dir)).helper).toBe(sql);
    expect(migrationCache(dir)).toEqual([
      expect.stringMatching(/^migration-ab12cd34ef56-\w+\.cjs$/),
    ]);
    expect(readFileSync(join(dir, '.retort/cache', migrationCache(dir)[0]!), 'utf8')).toContain(
      'require("retort-pg")',
    );
    write(dir, MIGRATION('    op.execute(sql`CREATE TABLE t (id bigint)`);'));
    expect((await load(dir)).upgrade.toString()).toContain('id bigint');
    expect(migrationCache(dir)).toHaveLength(1);
    // Any other name from retort-pg is not answered here: the import takes the jiti path (as a
    // relative import does, below).
    expect(() => pickExports(['defineConfig'], [{ defineMigration, sql }])).toThrow(
      'retort-pg export defineConfig not found once',
    );
    expect(migrationCache(dir)).toHaveLength(1);
  });

  it('locates an error thrown by upgrade() at file:line; relative imports take the jiti path', async () => {
    const dir = tempProject();
    write(dir, MIGRATION("    const n: number = 1;\n    throw new Error('boom ' + n);"));
    const def = await load(dir);
    const error = (() => {
      try {
        def.upgrade({} as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(frameInFile(error, revision(dir).absolutePath)).toMatch(/^8:\d+$/);
    const cached = migrationCache(dir);
    writeFileSync(join(dir, 'migrations/shared.ts'), "export const TABLE: string = 't';\n");
    write(
      dir,
      MIGRATION('    op.execute(sql`CREATE TABLE ${TABLE} ()`);').replace(
        "from 'retort-pg';\n",
        "from 'retort-pg';\nimport { TABLE } from './shared';\n",
      ),
    );
    const throughJiti = await load(dir);
    expect(throughJiti.upgrade.toString()).toContain('TABLE');
    expect(migrationCache(dir)).toEqual(cached);
  });
});
