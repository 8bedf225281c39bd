import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { tsString } from '../core/codegen/ts-literal.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { redactUrl, withoutPassword } from '../core/redact.js';

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
  /** Set when the URL held a password: it went to `.env`, not into the config. */
  secretIn?: '.env' | undefined;
}

const URL_COMMENT = `  // Embedded PostgreSQL (PGlite) stored in .retort/db, so nothing needs installing.
  // Point it at a server with postgres://user@host/db; the DATABASE_URL environment variable overrides it.`;

const SECRET_URL_COMMENT = `  // The password is not written here: DATABASE_URL in .env (kept out of git by .gitignore) holds
  // the whole URL and overrides this one.`;

const CONFIG_TEMPLATE = (
  databaseUrl: string,
  secretInEnv: boolean,
): string => `import { defineConfig } from 'retort-pg';

export default defineConfig({
  // Revision files, TypeScript or SQL: \`retort revision -m "add users"\` creates one.
  migrationsDir: 'migrations',
${secretInEnv ? SECRET_URL_COMMENT : URL_COMMENT}
  databaseUrl: ${tsString(databaseUrl)},
  // One row per current head, like Alembic's alembic_version (set 'alembic_version' to take over from Alembic).
  versionTable: 'retort_version',
  versionTableSchema: 'public',
});
`;

const GITIGNORE_ENTRY = '.retort/';

/** Appends lines to `.gitignore` unless an equivalent entry is there; true when it wrote. */
function ignoreInGit(dir: string, entry: string, alternatives: readonly string[], why: string) {
  const gitignore = join(dir, '.gitignore');
  const current = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  const lines = current.split(/\r?\n/).map((line) => line.trim());
  if (lines.includes(entry) || alternatives.some((a) => lines.includes(a))) return false;
  const prefix = current.length === 0 || current.endsWith('\n') ? current : `${current}\n`;
  writeFileSync(gitignore, `${prefix}# ${why}\n${entry}\n`);
  return true;
}

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
  // A password never goes into the config (a file people commit): the whole URL goes to .env,
  // which the config loader reads and .gitignore keeps out of git.
  const url = options.databaseUrl ?? 'pglite:./.retort/db';
  const secret = redactUrl(url) !== url;
  let envWritten = false;
  if (secret) {
    const envFile = join(dir, '.env');
    const current = existsSync(envFile) ? readFileSync(envFile, 'utf8') : undefined;
    if (current !== undefined && /^\s*(?:export\s+)?DATABASE_URL\s*=/m.test(current)) {
      throw new RetortError(
        'INIT_ENV_HAS_URL',
        ExitCode.Config,
        '.env already sets DATABASE_URL; init will not replace it with the --database-url given.',
        {
          hint: 'Remove the DATABASE_URL line from .env (or run init without --database-url: DATABASE_URL overrides the config).',
        },
      );
    }
    const prefix =
      current === undefined || current.length === 0 || current.endsWith('\n')
        ? (current ?? '')
        : `${current}\n`;
    // util.parseEnv's quoting: single quotes keep the value literally.
    const quoted = url.includes("'") ? (url.includes('"') ? url : `"${url}"`) : `'${url}'`;
    writeFileSync(envFile, `${prefix}DATABASE_URL=${quoted}\n`, { mode: 0o600 });
    envWritten = true;
  }
  writeFileSync(configFile, CONFIG_TEMPLATE(secret ? withoutPassword(url) : url, secret));
  created.push('retort.config.ts');
  if (envWritten) created.push('.env');

  const migrations = join(dir, 'migrations');
  if (existsSync(migrations)) kept.push('migrations/');
  else {
    mkdirSync(migrations);
    created.push('migrations/');
  }

  let ignored = ignoreInGit(
    dir,
    GITIGNORE_ENTRY,
    ['.retort'],
    "retort's embedded database and caches",
  );
  if (secret)
    ignored =
      ignoreInGit(dir, '.env', ['.env*', '*.env'], 'the database password (DATABASE_URL)') ||
      ignored;
  if (!ignored) kept.push('.gitignore');
  else created.push('.gitignore');
  return { dir, configFile, created, kept, ...(secret ? { secretIn: '.env' as const } : {}) };
}
