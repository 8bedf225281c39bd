import { join } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { declarationToModel } from '../core/declaration/declaration-to-model.js';
import type { SchemaModel } from '../core/model/schema-model.js';
import { connectWithConfig } from '../database/connect.js';
import {
  introspectDatabase,
  introspectUnmanaged,
  type UnmanagedObject,
} from '../database/introspect.js';
import { normaliseModel } from '../database/normalise-declaration.js';
import { loadDeclaration } from '../project/declaration-loader.js';
import { replayToHead } from './replay-to-head.js';

/** The declaration, normalised through a scratch PGlite. */
export async function declaredSchema(config: ResolvedConfig): Promise<SchemaModel> {
  const declaration = await loadDeclaration(config);
  return normaliseModel(declarationToModel(declaration), {
    file: config.schema,
    cacheDir: scratchCacheDir(config),
  });
}

/** Where scratch databases cache their pristine data directory. */
export const scratchCacheDir = (config: ResolvedConfig): string =>
  join(config.rootDir, '.retort', 'cache');

/** The configured database's schema (version tables left out). */
export async function databaseSchema(
  config: ResolvedConfig,
  schemas?: readonly string[],
): Promise<SchemaModel> {
  const db = await connectWithConfig(config, { readOnly: true });
  try {
    return await introspectDatabase(db, {
      versionTable: config.versionTable,
      versionTableSchema: config.versionTableSchema,
      ...(schemas === undefined ? {} : { schemas }),
    });
  } finally {
    await db.close();
  }
}

/**
 * The schema the migrations produce at head: replayed into a scratch PGlite (`migrations`), where
 * everything comes from the migrations, so every schema counts (a `pgSchema` removed from the
 * declaration is dropped); or read from the configured database (`database`), limited to `public`
 * and the declared schemas (other schemas may belong to other tools: `check` lists them as
 * unmanaged).
 */
/** The model without one schema (the version table's, which retort itself creates). */
function withoutSchema(model: SchemaModel, schema: string): SchemaModel {
  return { ...model, schemas: model.schemas.filter((s) => s !== schema) };
}

export async function currentSchema(
  config: ResolvedConfig,
  source: 'migrations' | 'database',
  declared: SchemaModel,
): Promise<SchemaModel> {
  const schemas = ['public', ...declared.schemas];
  return source === 'database'
    ? databaseSchema(config, schemas)
    : withoutSchema(
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
   * compared schemas, and schemas neither declared nor excluded (the version table's schema is
   * never reported).
   */
  readonly unmanaged: readonly UnmanagedObject[];
}

/** The configured database's schema, pending revisions and unmanaged objects (one connection). */
export async function databaseState(
  config: ResolvedConfig,
  schemas: readonly string[],
  exclude: readonly string[],
): Promise<DatabaseState> {
  const { readHeads } = await import('../database/version-table.js');
  const { versionTableNames } = await import('../project/load-project.js');
  const db = await connectWithConfig(config);
  try {
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
    return { model, pending: await pendingFrom(config, heads), unmanaged };
  } finally {
    await db.close();
  }
}
