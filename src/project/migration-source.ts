import { readFileSync } from 'node:fs';
import { ExitCode, RetortError } from '../core/errors.js';
import type { MigrationDefinition } from '../core/migration.js';
import { importedNames, pickExports } from './package-subset.js';
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

type Jiti = { import(id: string, opts: { default: true }): Promise<unknown> };
/** `retort-pg` is the package's entry: for a file that imports it in any other way. */
let packageJiti: Jiti | undefined;
/** `retort-pg` is {@link MIGRATION_EXPORTS}: for a file that imports only those, by name. */
let coreJiti: Jiti | undefined;
let coreExports: Promise<Record<string, unknown>> | undefined;

function checkDefinition(mod: unknown, where: string): MigrationDefinition {
  const def = mod as MigrationDefinition | undefined;
  if (!def || typeof def.upgrade !== 'function' || typeof def.downgrade !== 'function') {
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
 * Imports a TypeScript revision file through jiti, fresh on every call (no module cache). A file
 * that imports only {@link MIGRATION_EXPORTS} by name (`defineMigration`, `sql`, …) gets them from
 * the core modules that define them, loaded once per process: run from retort's TypeScript
 * sources (tests), importing the package's entry made jiti transpile and evaluate all of retort
 * for every revision, seconds each. Any other import of `retort-pg` gets the package's entry.
 */
export async function importRevisionFile(revision: RevisionFile): Promise<MigrationDefinition> {
  const jiti = await jitiFor(revision);
  let mod: unknown;
  try {
    mod = await jiti.import(revision.absolutePath, { default: true });
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
 * What the package exports from the core modules a migration uses (test/project/migration-imports
 * checks each is the package's own export).
 */
export const MIGRATION_EXPORTS = [
  'defineMigration',
  'sql',
  'quoteIdent',
  'quoteLiteral',
  'RetortError',
  'ExitCode',
  'isRetortError',
] as const;

/**
 * {@link MIGRATION_EXPORTS} from the core modules that define them, the objects the package
 * re-exports, without loading the package's entry (the verbs, the fleet, the runner).
 */
function migrationExports(): Promise<Record<string, unknown>> {
  coreExports ??= (async () => {
    const modules: Record<string, unknown>[] = await Promise.all([
      import('../core/migration.js'),
      import('../core/ops/sql-expression.js'),
      import('../core/sql/quote.js'),
      import('../core/errors.js'),
    ]);
    return pickExports(MIGRATION_EXPORTS, modules)!;
  })();
  return coreExports;
}

async function jitiFor(revision: RevisionFile): Promise<Jiti> {
  const { createJiti } = await import('jiti');
  let names: string[] | undefined;
  try {
    names = importedNames(readFileSync(revision.absolutePath, 'utf8'));
  } catch {
    names = undefined; // jiti reports an unreadable file
  }
  if (names !== undefined) {
    const exports = await migrationExports();
    if (names.every((n) => n !== '__esModule' && n in exports)) {
      coreJiti ??= createJiti(import.meta.url, {
        virtualModules: { 'retort-pg': exports },
        moduleCache: false,
      }) as Jiti;
      return coreJiti;
    }
  }
  packageJiti ??= createJiti(import.meta.url, {
    alias: { 'retort-pg': new URL('../index.js', import.meta.url).pathname },
    moduleCache: false,
  }) as Jiti;
  return packageJiti;
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
