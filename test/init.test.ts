import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './support/cli.js';
import { loadConfig } from '../src/project/config-loader.js';
import { ExitCode } from '../src/core/errors.js';

describe('retort init', () => {
  it('creates a config, a migrations directory and a .gitignore entry that loads with defaults', async () => {
    const dir = tempProject();
    const run = await runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created retort.config.ts');
    expect(existsSync(join(dir, 'migrations'))).toBe(true);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('.retort/');
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.migrationsDir).toBe(join(dir, 'migrations'));
    expect(config.databaseUrl).toBe('pglite:./.retort/db');
    expect(config.versionTable).toBe('retort_version');
  });

  it('refuses to overwrite an existing config with exit code 3', async () => {
    const dir = tempProject();
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(ExitCode.Config);
    expect(again.stderr).toContain('already exists');
  });

  it('keeps an existing .gitignore and appends once', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, '.gitignore'), 'node_modules');
    await runCli(['init'], { cwd: dir });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe(
      "node_modules\n# retort's embedded database and caches\n.retort/\n",
    );
  });
});

describe('config errors', () => {
  it('names the file, the key and what is expected', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'retort.config.ts'), 'export default { migrationsDir: 42 };\n');
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(
      /retort\.config\.ts: `migrationsDir` must be a string, got number 42/,
    );
  });

  it('rejects unknown keys and lists the valid ones', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'retort.config.ts'), "export default { migrationDir: 'm' };\n");
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(
      /Unknown config key `migrationDir`/,
    );
  });

  it('lets DATABASE_URL override the config', async () => {
    const dir = tempProject();
    await runCli(['init'], { cwd: dir });
    const config = await loadConfig({ cwd: dir, env: { DATABASE_URL: 'postgres://u@h/db' } });
    expect(config.databaseUrl).toBe('postgres://u@h/db');
    expect(config.databaseUrlSource).toBe('env');
  });
});
