import { join } from 'node:path';
import { ExitCode, RetortError } from '../core/errors.js';
import type { MigrationDefinition } from '../core/migration.js';
import { importTypeScript } from './import-typescript.js';
import { MigrationCodeError } from './revision-file-errors.js';
import { readMetadata, readRevisionFiles, type RevisionFile } from './revision-files.js';
import { readUtf8RevisionText } from './revision-text.js';

/**
 * Where a run's revisions come from. Every run asks its source afresh: nothing is cached between
 * runs in one process, so a file edited between two calls is seen by the second.
 */
export interface MigrationSource {
  /** Every revision's metadata, read without executing migration code. */
  revisions(): Promise<readonly RevisionFile[]>;
  /** The text a revision's checksum is taken of (a file's text; a bundled module's source). */
  text(revision: RevisionFile): Promise<string>;
  /** A TypeScript revision's `defineMigration({...})` object. */
  definition(revision: RevisionFile): Promise<MigrationDefinition>;
}

/** A migration bundled with an application: a `defineMigration` module or a SQL revision's text. */
export type BundledMigration = MigrationDefinition | string;

function isDefinition(mod: unknown): mod is MigrationDefinition {
  const def = mod as MigrationDefinition | undefined;
  return !!def && typeof def.upgrade === 'function' && typeof def.downgrade === 'function';
}

function checkDefinition(mod: unknown, where: string): MigrationDefinition {
  const def = mod as MigrationDefinition | undefined;
  if (!isDefinition(def)) {
    throw new RetortError(
      'MIGRATION_INVALID',
      ExitCode.Revision,
      `${where} does not export default defineMigration({ upgrade, downgrade, ... }).`,
      {
        hint: 'Make the default export a defineMigration({...}) call with upgrade and downgrade functions.',
      },
    );
  }
  return def;
}

/** Reads a revision file's text (synchronously: the fastest for a CLI's sequential reads). */
export async function readRevisionText(revision: RevisionFile): Promise<string> {
  return readUtf8RevisionText(revision.absolutePath, revision.file);
}

/**
 * Imports a TypeScript revision file, fresh on every call (no module cache). A self-contained
 * file (named imports from `retort-pg` only, no relative import) is evaluated from its jiti
 * transform, cached in `<root>/.retort/cache/` under its text's hash, with `retort-pg` answered by
 * this very retort's modules; anything else — or anything that goes wrong there — through jiti.
 */
export async function importRevisionFile(revision: RevisionFile): Promise<MigrationDefinition> {
  const { importCompiledTs } = await import('./config-loader.js');
  const path = revision.absolutePath;
  // `file` is relative to the project root: the cache goes where the other caches are.
  const root = path.endsWith(`/${revision.file}`) ? path.slice(0, -revision.file.length) : '';
  const fast = await importCompiledTs(
    path,
    `migration-${revision.id}`,
    migrationExports,
    root === '' ? null : join(root, '.retort', 'cache'),
  );
  if (fast.ok && isDefinition(fast.value)) return fast.value;
  let mod: unknown;
  try {
    mod = await importTypeScript(revision.absolutePath);
  } catch (error) {
    throw new MigrationCodeError(
      'import',
      revision.id,
      revision.file,
      revision.absolutePath,
      error,
    );
  }
  return checkDefinition(mod, revision.file);
}

/**
 * What a migration imports from `retort-pg`, taken from the modules of `defineMigration`, `sql`,
 * the quoting functions and the errors. Throws — and the caller takes the jiti path — unless every
 * import from `retort-pg` is a named import of a name exactly one of those modules exports.
 */
async function migrationExports(source: string): Promise<Record<string, unknown>> {
  const { importedNames, pickExports } = await import('./declaration-loader.js');
  const names = importedNames(source);
  if (names === undefined) throw new Error('not only named imports from retort-pg');
  return pickExports(
    names,
    await Promise.all([
      import('../core/migration.js'),
      import('../core/ops/sql-expression.js'),
      import('../core/sql/quote.js'),
      import('../core/errors.js'),
    ]),
  );
}

/**
 * The default source: the `<revision>_<slug>.(ts|sql)` files of a migrations directory.
 *
 * @example
 * const source = fileSource({ migrationsDir: '/app/migrations', rootDir: '/app' });
 */
export function fileSource(dirs: { migrationsDir: string; rootDir: string }): MigrationSource {
  return {
    revisions: () => readRevisionFiles(dirs.migrationsDir, dirs.rootDir),
    text: readRevisionText,
    definition: importRevisionFile,
  };
}

/**
 * A source for applications that bundle their migrations (an Electron or serverless app running
 * PGlite, where there is no migrations directory at run time): imported `defineMigration`
 * modules and SQL revision texts (e.g. imported with a bundler's `?raw`). A module's checksum is
 * taken of its functions' source text; metadata comes from the object (or the SQL header).
 *
 * @example
 * import init from './migrations/e4f7a9b2c3d1_init.js';
 * import addUsers from './migrations/a1b2c3d4e5f6_users.sql?raw';
 * await upgrade({ config: { databaseUrl: 'pglite:./data' }, migrations: [init, addUsers] });
 */
export function bundledSource(migrations: readonly BundledMigration[]): MigrationSource {
  const texts = new Map<string, string>();
  const definitions = new Map<string, MigrationDefinition>();
  const revisions: RevisionFile[] = migrations.map((entry, index) => {
    if (typeof entry === 'string') {
      const guess = /^\s*--\s*revision:\s*(\S+)/m.exec(entry)?.[1] ?? `#${index}`;
      const file = `bundled:${guess}.sql`;
      const meta = readMetadata(entry, file, 'sql');
      texts.set(meta.id, entry);
      return { ...meta, file, absolutePath: file, format: 'sql' as const };
    }
    const def = checkDefinition(entry, `bundled migration #${index}`);
    const list = (v: string | readonly string[] | null | undefined): string[] =>
      v === null || v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
    const file = `bundled:${def.revision}.ts`;
    texts.set(
      def.revision,
      `${JSON.stringify({ ...def, upgrade: undefined, downgrade: undefined })}\n${def.upgrade.toString()}\n${def.downgrade.toString()}`,
    );
    definitions.set(def.revision, def);
    return {
      id: def.revision,
      revises: list(def.revises),
      dependsOn: list(def.dependsOn),
      branchLabels: list(def.branchLabels),
      message: def.message,
      transactional: def.transactional !== false,
      file,
      absolutePath: file,
      format: 'ts' as const,
    };
  });
  return {
    revisions: async () => revisions,
    text: async (revision) => texts.get(revision.id) ?? '',
    definition: async (revision) =>
      checkDefinition(definitions.get(revision.id), `bundled migration ${revision.id}`),
  };
}
