import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './support/cli.js';
import { loadConfig } from '../src/project/config-loader.js';
import { ExitCode } from '../src/core/errors.js';

/*
 * `init --database-url` with a password: the config is a file people commit, so the password
 * goes to .env (read by the config loader, listed in .gitignore) and never into the config.
 */
const CANARY = 'canary-Pw-7c1d';
const URL_WITH_PASSWORD = `postgres://app:${CANARY}@127.0.0.1:5432/app?sslmode=disable`;

describe('retort init --database-url with a password', () => {
  it('writes the password only to a private .env that git ignores; the config loads the whole URL', async () => {
    const dir = tempProject();
    const run = await runCli(['init', '--database-url', URL_WITH_PASSWORD], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
    expect(run.stdout).toContain('created .env');
    const config = readFileSync(join(dir, 'retort.config.ts'), 'utf8');
    expect(config).not.toContain(CANARY);
    expect(config).toContain("databaseUrl: 'postgres://app@127.0.0.1:5432/app?sslmode=disable'");
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(`DATABASE_URL='${URL_WITH_PASSWORD}'\n`);
    expect(statSync(join(dir, '.env')).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['.retort/', '.env']),
    );
    const loaded = await loadConfig({ cwd: dir, env: {} });
    expect(loaded.databaseUrl).toBe(URL_WITH_PASSWORD);
    // Nothing else in the project holds it.
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      if (name === '.env' || name.startsWith('node_modules')) continue;
      const path = join(dir, name);
      if (statSync(path).isFile()) expect(readFileSync(path, 'utf8'), name).not.toContain(CANARY);
    }
  });

  it('a URL given as ?password= is treated the same', async () => {
    const dir = tempProject();
    const url = `postgres://app@127.0.0.1/app?password=${CANARY}&sslmode=disable`;
    expect((await runCli(['init', '--database-url', url], { cwd: dir })).code).toBe(0);
    const config = readFileSync(join(dir, 'retort.config.ts'), 'utf8');
    expect(config).not.toContain(CANARY);
    expect(config).toContain("databaseUrl: 'postgres://app@127.0.0.1/app?sslmode=disable'");
    expect((await loadConfig({ cwd: dir, env: {} })).databaseUrl).toBe(url);
  });

  it('refuses (exit 3, nothing written) when .env already sets DATABASE_URL', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://other@h/db\n');
    const run = await runCli(['init', '--database-url', URL_WITH_PASSWORD], { cwd: dir });
    expect(run.code).toBe(ExitCode.Config);
    expect(run.stderr).toContain('.env already sets DATABASE_URL');
    expect(run.stderr).not.toContain(CANARY);
    expect(readdirSync(dir)).not.toContain('retort.config.ts');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('DATABASE_URL=postgres://other@h/db\n');
  });

  it('a URL without a password still goes into the config, and no .env is written', async () => {
    const dir = tempProject();
    const url = 'postgres://app@127.0.0.1/app';
    expect((await runCli(['init', '--database-url', url], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'retort.config.ts'), 'utf8')).toContain(`databaseUrl: '${url}'`);
    expect(readdirSync(dir)).not.toContain('.env');
  });
});
