import { ExitCode, RetortError } from '../core/errors.js';
import type { SchemaModel, TableModel } from '../core/model/schema-model.js';
import { quoteIdent, quoteLiteral } from '../core/sql/quote.js';
import { emptySchemaModel } from '../core/model/schema-model.js';
import { VERSION } from '../version.js';
import type { DatabaseClient } from './client.js';
import { pgliteVersion } from './pglite-client.js';
import { policyRoles } from './policy-roles.js';

// The renderer, the diff, introspection and PGlite are imported when a declaration is not in the
// cache: an unchanged declaration costs reading one JSON file.

/** PostgreSQL refused the DDL of the declaration. */
export class DeclarationApplyError extends RetortError {
  constructor(statement: string, message: string, file: string | undefined) {
    super(
      'DECLARATION_INVALID',
      ExitCode.Config,
      `The schema declaration${file ? ` (${file})` : ''} does not apply to PostgreSQL: ${message}\n  in: ${statement.split('\n')[0]}`,
      {
        hint: 'Fix the declared type, default or expression; it is sent to PostgreSQL as written.',
        details: { statement, file },
      },
    );
  }
}

/** Applies a model's DDL to a client, statement by statement; errors name the statement. */
export async function applyModel(
  client: DatabaseClient,
  model: SchemaModel,
  file?: string,
): Promise<void> {
  const { renderChanges } = await import('../core/changes/render-change.js');
  const { diffSchemas } = await import('../core/diff/diff-schemas.js');
  for (const statement of renderChanges(diffSchemas(emptySchemaModel, model), model.enums)) {
    try {
      await client.exec(statement);
    } catch (error) {
      throw new DeclarationApplyError(
        statement,
        error instanceof Error ? error.message : String(error),
        file,
      );
    }
  }
}

/**
 * Creates (NOLOGIN) the roles the model grants to or names in its policies that the scratch
 * database lacks: a declaration references roles, it does not create them.
 */
export async function createGrantees(client: DatabaseClient, model: SchemaModel): Promise<void> {
  await createRoles(client, [...model.grants.map((g) => g.grantee), ...policyRoles(model)]);
}

/** Creates each role (NOLOGIN) that does not exist yet; `PUBLIC` is no role. */
export async function createRoles(client: DatabaseClient, names: readonly string[]): Promise<void> {
  const roles = [...new Set(names)].filter((r) => r.toUpperCase() !== 'PUBLIC');
  for (const role of roles)
    await client.exec(
      `DO $retort$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN CREATE ROLE ${quoteIdent(role)} NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $retort$`,
    );
}

/**
 * Normalisation by round trip: creates the declared model in a scratch PGlite and reads it back,
 * so it compares with an introspected database in PostgreSQL's own spelling. The declaration's
 * `renamedFrom` hints are carried over.
 *
 * @example
 * const normalised = await normaliseModel(declarationToModel(declaration));
 */
export async function normaliseModel(
  declared: SchemaModel,
  options: {
    file?: string | undefined;
    scratch?: DatabaseClient;
    /** Pristine data directory cache of the scratch PGlite (see openScratchDatabase). */
    cacheDir?: string | undefined;
  } = {},
): Promise<SchemaModel> {
  const cacheFile =
    options.cacheDir === undefined || options.scratch !== undefined
      ? undefined
      : await normalisedCacheFile(options.cacheDir, declared);
  const cached = cacheFile === undefined ? undefined : await readCached(cacheFile);
  if (cached) return withHints(cached, declared);
  const { openScratchDatabase } = await import('./scratch-database.js');
  const { introspectDatabase } = await import('./introspect.js');
  const scratch =
    options.scratch ??
    (await openScratchDatabase({
      extensions: declared.extensions.map((e) => e.name),
      cacheDir: options.cacheDir,
    }));
  try {
    await createGrantees(scratch, declared);
    await applyModel(scratch, declared, options.file);
    const model = await introspectDatabase(scratch, { versionTable: '', versionTableSchema: '' });
    if (cacheFile !== undefined) await writeCached(cacheFile, model);
    return withHints(model, declared);
  } finally {
    if (!options.scratch) await scratch.close();
  }
}

/**
 * The normalised form of a declaration depends only on the declared model, the DDL retort
 * renders it to and PGlite's version: cached by a hash of the model, retort's version (which
 * fixes the renderer) and PGlite's, so an unchanged declaration skips the scratch database
 * without rendering anything.
 */
async function normalisedCacheFile(cacheDir: string, declared: SchemaModel): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { join } = await import('node:path');
  const hash = createHash('sha256')
    .update(`${VERSION}\n${await pgliteVersion()}\n${JSON.stringify(declared)}`)
    .digest('hex')
    .slice(0, 32);
  return join(cacheDir, `normalised-${hash}.json`);
}

/** A cached model, or undefined when the file is missing or unreadable. */
export async function readCached(file: string): Promise<SchemaModel | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    // A model cached before a kind was added lacks its list: empty, not undefined.
    return { ...emptySchemaModel, ...(JSON.parse(await readFile(file, 'utf8')) as SchemaModel) };
  } catch {
    return undefined;
  }
}

/** Writes a cached model atomically; best effort. */
export async function writeCached(file: string, model: SchemaModel): Promise<void> {
  const { mkdir, rename, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  try {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${Date.now()}.tmp`;
    await writeFile(temp, JSON.stringify(model));
    await rename(temp, file);
  } catch {
    // Best effort: a read-only project only costs speed.
  }
}

function withHints(model: SchemaModel, declared: SchemaModel): SchemaModel {
  const byKey = new Map(declared.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const tables = model.tables.map((table): TableModel => {
    const source = byKey.get(`${table.schema}.${table.name}`);
    if (!source) return table;
    const hints = new Map(source.columns.map((c) => [c.name, c.renamedFrom]));
    return {
      ...table,
      ...(source.renamedFrom === undefined ? {} : { renamedFrom: source.renamedFrom }),
      ...(source.renamedFromSchema === undefined
        ? {}
        : { renamedFromSchema: source.renamedFromSchema }),
      columns: table.columns.map((c) => {
        const hint = hints.get(c.name);
        return hint === undefined ? c : { ...c, renamedFrom: hint };
      }),
    };
  });
  const enumHints = new Map(declared.enums.map((e) => [`${e.schema}.${e.name}`, e.renamedValues]));
  const enums = model.enums.map((e) => {
    const renamedValues = enumHints.get(`${e.schema}.${e.name}`);
    return renamedValues === undefined ? e : { ...e, renamedValues };
  });
  return { ...model, enums, tables };
}
