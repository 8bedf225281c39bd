import { readdirSync, writeFileSync } from 'node:fs';
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
      /Could not load config file .*retort\.config\.ts: no config today/,
    );
  });
});
