import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/project/config-loader.js';
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
