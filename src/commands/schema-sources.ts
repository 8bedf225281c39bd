import { join } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import type { SchemaModel } from '../core/model/schema-model.js';
import { connectWithConfig } from '../database/connect.js';
import type { UnmanagedObject } from '../database/introspect.js';

// Everything else is imported where it is used: a warm `check` reads cached models and needs
// neither the renderer, nor the runner, nor PGlite.

/** The declaration, normalised through a scratch PGlite. */
export async function declaredSchema(config: ResolvedConfig): Promise<SchemaModel> {
  const { loadDeclaration } = await import('../project/declaration-loader.js');
  const { declarationToModel } = await import('../core/declaration/declaration-to-model.js');
  const { normaliseModel } = await import('../database/normalise-declaration.js');
  const declaration = await loadDeclaration(config);
  return normaliseModel(declarationToModel(declaration), {
    file: config.schema,
    cacheDir: scratchCacheDir(config),
  });
}

/** Where scratch databases cache their pristine data directory. */
export const scratchCacheDir = (config: ResolvedConfig): string =>
  join(config.rootDir, '.retort', 'cache');

/**
 * The configured database's schema (version tables left out): every non-system schema but the
 * config's `excludeSchemas` (see comparedSchemas); `declared` schemas are read even if excluded.
 */
export async function databaseSchema(
  config: ResolvedConfig,
  declared: readonly string[] = [],
): Promise<SchemaModel> {
  const { introspectDatabase } = await import('../database/introspect.js');
  const { comparedSchemas } = await import('../database/compared-schemas.js');
  const db = await connectWithConfig(config, { readOnly: true });
  try {
    return await introspectDatabase(db, {
      versionTable: config.versionTable,
      versionTableSchema: config.versionTableSchema,
      schemas: await comparedSchemas(db, {
        declared,
        exclude: config.excludeSchemas ?? [],
        versionTableSchema: config.versionTableSchema,
      }),
    });
  } finally {
    await db.close();
  }
}

/** The model without one schema (the version table's, which retort itself creates). */
function withoutSchema(model: SchemaModel, schema: string): SchemaModel {
  return { ...model, schemas: model.schemas.filter((s) => s !== schema) };
}

/**
 * The schema the migrations produce at head: replayed into a scratch PGlite (`migrations`), where
 * everything comes from the migrations, so every schema counts (a `pgSchema` removed from the
 * declaration is dropped); or read from the configured database (`database`): every non-system
 * schema but the config's `excludeSchemas` (other tools' schemas, e.g. Supabase's `auth`), so
 * there too a schema removed from the declaration is a difference.
 */
export async function currentSchema(
  config: ResolvedConfig,
  source: 'migrations' | 'database',
  declared: SchemaModel,
): Promise<SchemaModel> {
  const schemas = ['public', ...declared.schemas];
  if (source === 'database') return databaseSchema(config, schemas);
  const { replayToHead } = await import('./replay-to-head.js');
  return withoutSchema(
    await replayToHead(
      config,
      declared.extensions.map((e) => e.name),
      scratchCacheDir(config),
    ),
    config.versionTableSchema,
  );
}

/** The revisions `heads` lacks to reach the project's heads, in upgrade order. */
async function pendingFrom(config: ResolvedConfig, heads: readonly string[]): Promise<string[]> {
  const { loadProject } = await import('../project/load-project.js');
  const { planUpgrade } = await import('../core/revisions/plan-steps.js');
  const project = await loadProject(config);
  if (project.files.size === 0) return [];
  return planUpgrade(project.graph, heads, 'heads').map((step) => step.revision.id);
}

/**
 * The revisions not yet applied to the configured database (in upgrade order), or `[]` when it
 * is at head. A database without a version table has every revision pending.
 */
export async function pendingRevisions(config: ResolvedConfig): Promise<string[]> {
  const { readCurrentHeads } = await import('./current.js');
  return pendingFrom(config, await readCurrentHeads(config));
}

/** What `check` reads from the configured database, through one connection. */
export interface DatabaseState {
  readonly model: SchemaModel;
  /** Revisions not applied yet. */
  readonly pending: readonly string[];
  /**
   * What it holds that the model cannot compare: objects of kinds retort does not model in the
   * compared schemas (every schema not excluded; the version table's schema is never reported).
   */
  readonly unmanaged: readonly UnmanagedObject[];
}

/** The configured database's schema, pending revisions and unmanaged objects (one connection). */
export async function databaseState(
  config: ResolvedConfig,
  declared: readonly string[],
  excludeMore: readonly string[] = [],
): Promise<DatabaseState> {
  const exclude = [...new Set([...(config.excludeSchemas ?? []), ...excludeMore])];
  const read = async (
    onClosed?: () => Promise<void>,
  ): Promise<{ model: SchemaModel; heads: string[]; unmanaged: UnmanagedObject[] }> => {
    const { introspectDatabase, introspectUnmanaged } = await import('../database/introspect.js');
    const { readHeads } = await import('../database/version-table.js');
    const { versionTableNames } = await import('../project/load-project.js');
    const { comparedSchemas } = await import('../database/compared-schemas.js');
    const db = await connectWithConfig(config, onClosed === undefined ? {} : { onClosed });
    try {
      const schemas = await comparedSchemas(db, {
        declared,
        exclude,
        versionTableSchema: config.versionTableSchema,
      });
      const model = await introspectDatabase(db, {
        versionTable: config.versionTable,
        versionTableSchema: config.versionTableSchema,
        schemas,
      });
      const heads = await readHeads(db, versionTableNames(config));
      const unmanaged = await introspectUnmanaged(db, {
        schemas,
        exclude: [...exclude, config.versionTableSchema],
      });
      return { model, heads: [...heads], unmanaged };
    } finally {
      await db.close();
    }
  };
  // The embedded database on disk: what was read last time, while its directory is unchanged.
  const dir = config.databaseUrl.startsWith('pglite:')
    ? (await import('../database/pglite-client.js')).pgliteDataDir(
        config.databaseUrl,
        config.rootDir,
      )
    : undefined;
  const state =
    dir === undefined
      ? await read()
      : await (
          await import('../database/embedded-state-cache.js')
        ).readThroughEmbeddedCache(
          dir,
          await embeddedStateFile(config, dir, { schemas: declared, exclude }),
          config.run.lockWaitMs,
          read,
        );
  const { emptySchemaModel } = await import('../core/model/schema-model.js');
  return {
    // A state cached by a build that had fewer kinds lacks their lists: empty, not undefined.
    model: { ...emptySchemaModel, ...state.model },
    pending: await pendingFrom(config, state.heads),
    unmanaged: state.unmanaged,
  };
}

/** The cache file of what `check` reads from an embedded database (per retort version and query). */
async function embeddedStateFile(
  config: ResolvedConfig,
  dir: string,
  query: { schemas: readonly string[]; exclude: readonly string[] },
): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { VERSION } = await import('../version.js');
  const key = JSON.stringify([
    VERSION,
    dir,
    config.versionTable,
    config.versionTableSchema,
    query.schemas,
    query.exclude,
  ]);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return join(scratchCacheDir(config), `database-${hash}.json`);
}
