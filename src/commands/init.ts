import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { tsString } from '../core/codegen/ts-literal.js';
import { ExitCode, RetortError } from '../core/errors.js';

export interface InitOptions {
  /** Project directory. Default: the current directory. */
  dir?: string;
  /** Where `databaseUrl` points. Default: embedded PGlite in `.retort/db`. */
  databaseUrl?: string;
}

export interface InitResult {
  dir: string;
  configFile: string;
  /** Paths created or changed, relative to `dir`. */
  created: string[];
  /** Paths that already existed and were left alone. */
  kept: string[];
}

const CONFIG_TEMPLATE = (databaseUrl: string): string => `import { defineConfig } from 'retort-pg';

export default defineConfig({
  // Revision files, TypeScript or SQL: \`retort revision -m "add users"\` creates one.
  migrationsDir: 'migrations',
  // Embedded PostgreSQL (PGlite) stored in .retort/db, so nothing needs installing.
  // Point it at a server with postgres://user@host/db; the DATABASE_URL environment variable overrides it.
  databaseUrl: ${tsString(databaseUrl)},
  // One row per current head, like Alembic's alembic_version (set 'alembic_version' to take over from Alembic).
  versionTable: 'retort_version',
  versionTableSchema: 'public',
});
`;

const GITIGNORE_ENTRY = '.retort/';

/**
 * Creates a retort project: `retort.config.ts`, `migrations/`, and a `.gitignore` entry for the
 * embedded database. Refuses to overwrite an existing config.
 *
 * @example
 * const result = await init({ dir: 'my-app' });
 * console.log(result.created); // ['retort.config.ts', 'migrations/', '.gitignore']
 */
export async function init(options: InitOptions = {}): Promise<InitResult> {
  const dir = resolve(options.dir ?? '.');
  const configFile = join(dir, 'retort.config.ts');
  const created: string[] = [];
  const kept: string[] = [];
  for (const name of [
    'retort.config.ts',
    'retort.config.mts',
    'retort.config.js',
    'retort.config.mjs',
  ]) {
    if (existsSync(join(dir, name))) {
      throw new RetortError(
        'INIT_EXISTS',
        ExitCode.Config,
        `${join(relative(process.cwd(), dir) || '.', name)} already exists.`,
        {
          hint: 'This directory is already a retort project; edit the config instead, or run init in another directory.',
        },
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(configFile, CONFIG_TEMPLATE(options.databaseUrl ?? 'pglite:./.retort/db'));
  created.push('retort.config.ts');

  const migrations = join(dir, 'migrations');
  if (existsSync(migrations)) kept.push('migrations/');
  else {
    mkdirSync(migrations);
    created.push('migrations/');
  }

  const gitignore = join(dir, '.gitignore');
  const current = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  const lines = current.split(/\r?\n/).map((line) => line.trim());
  if (lines.includes(GITIGNORE_ENTRY) || lines.includes('.retort')) kept.push('.gitignore');
  else {
    const prefix = current.length === 0 || current.endsWith('\n') ? current : `${current}\n`;
    writeFileSync(
      gitignore,
      `${prefix}# retort's embedded database and caches\n${GITIGNORE_ENTRY}\n`,
    );
    created.push('.gitignore');
  }
  return { dir, configFile, created, kept };
}
