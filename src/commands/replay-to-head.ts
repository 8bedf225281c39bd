import type { ResolvedConfig } from '../core/config.js';
import type { SchemaModel } from '../core/model/schema-model.js';
import { planUpgrade, type PlanStep } from '../core/revisions/plan-steps.js';
import { introspectDatabase } from '../database/introspect.js';
import { createRoles, readCached, writeCached } from '../database/normalise-declaration.js';
import { openScratchPglite, pgliteVersion } from '../database/scratch-database.js';
import { ensureVersionTables } from '../database/version-table.js';
import { loadProject, versionTableNames } from '../project/load-project.js';
import { VERSION } from '../version.js';
import { rolesInSql } from './replay-roles.js';
import {
  modelFile as replayModelFile,
  pruneReplayCache,
  readSnapshot,
  replayChain,
  writeSnapshot,
} from './replay-cache.js';

/** What {@link replayMigrations} did to reach the head. */
export interface ReplayResult {
  readonly model: SchemaModel;
  /**
   * `cache`: this exact history was replayed before, its schema read from the cache, nothing
   * run; `snapshot`: a saved state of an earlier part of the same history was loaded and only
   * the revisions after it were run; `scratch`: every revision ran on an empty database.
   */
  readonly source: 'cache' | 'snapshot' | 'scratch';
  /** The revisions run by this call, in order (empty for `cache`). */
  readonly replayed: readonly string[];
}

/**
 * Runs every migration up to head in a scratch in-process PGlite and reads the schema back:
 * "the schema at head" without any database server. `extensions` are made loadable first.
 */
export async function replayToHead(
  config: ResolvedConfig,
  extensions: readonly string[],
  cacheDir?: string,
  schemas?: readonly string[],
): Promise<SchemaModel> {
  return (await replayMigrations(config, extensions, cacheDir, schemas)).model;
}

/**
 * {@link replayToHead} with what it did. With a `cacheDir`, the history is keyed by a chain of
 * hashes (each revision's id and file contents on top of the hash of those before it, salted
 * with retort's and PGlite's versions, the loadable extensions and the version-table names):
 * an unchanged history is read from the cache without starting PGlite, and a history that only
 * grew resumes from the saved data directory of its longest cached prefix, running only the
 * new revisions. Editing any revision changes every key from it on, so it is replayed.
 */
export async function replayMigrations(
  config: ResolvedConfig,
  extensions: readonly string[],
  cacheDir?: string,
  schemas?: readonly string[],
): Promise<ReplayResult> {
  const project = await loadProject(config);
  const names = versionTableNames(config);
  const steps: readonly PlanStep[] =
    project.files.size > 0 ? planUpgrade(project.graph, [], 'heads') : [];
  const { readFile } = await import('node:fs/promises');
  const texts = await Promise.all(
    steps.map((step) => readFile(project.files.get(step.revision.id)!.absolutePath)),
  );
  // Extensions a migration creates must be loadable too, even when a later one drops them and
  // the declaration no longer names them.
  const sources = texts.map((t) => t.toString('utf8'));
  const loadable = [...new Set([...extensions, ...extensionsInTexts(sources)])].sort();
  const chain =
    cacheDir === undefined
      ? undefined
      : replayChain(
          steps.map((step, i) => ({ id: step.revision.id, text: texts[i]! })),
          { retort: VERSION, pglite: await pgliteVersion(), extensions: loadable, names },
        );
  const head = chain?.[chain.length - 1];
  const modelFile =
    cacheDir === undefined || head === undefined
      ? undefined
      : replayModelFile(cacheDir, head, schemas);
  if (modelFile !== undefined) {
    const cached = await readCached(modelFile);
    if (cached !== undefined) return { model: cached, source: 'cache', replayed: [] };
  }
  // The longest prefix of this history whose database state was saved.
  let start = 0;
  let snapshot: Blob | undefined;
  if (cacheDir !== undefined && chain !== undefined) {
    for (let i = steps.length; i >= 1 && snapshot === undefined; i--) {
      snapshot = await readSnapshot(cacheDir, chain[i]!);
      if (snapshot !== undefined) start = i;
    }
  }
  let scratch = await openScratchPglite({ extensions: loadable, cacheDir, snapshot }).catch(
    (error: unknown) => {
      // A damaged snapshot: replay everything instead.
      if (snapshot === undefined) throw error;
      return undefined;
    },
  );
  if (scratch === undefined) {
    start = 0;
    scratch = await openScratchPglite({ extensions: loadable, cacheDir });
  }
  const pending = steps.slice(start);
  try {
    await ensureVersionTables(scratch.client, names);
    // Migrations reference roles they do not create (GRANT … TO app_reader): create them first.
    // The files were read above for the cache key: their texts, not a second read.
    await createRoles(scratch.client, rolesInSql(sources.slice(start).join('\n;\n')));
    if (pending.length > 0) {
      // The runner (and the renderer under it) only when something is replayed: a cached
      // history loads neither.
      const [{ runPlan }, { onlineTarget }] = await Promise.all([
        import('../runner/run-plan.js'),
        import('../runner/online-target.js'),
      ]);
      await runPlan({
        steps: pending,
        target: onlineTarget(scratch.client),
        names,
        files: project.files,
        transaction: 'per-migration',
        lockTimeoutMs: 0,
        statementTimeoutMs: 0,
        lockRetries: 0,
        toolVersion: VERSION,
      });
    }
    const model = await introspectDatabase(scratch.client, {
      versionTable: config.versionTable,
      versionTableSchema: config.versionTableSchema,
      ...(schemas === undefined ? {} : { schemas }),
    });
    if (cacheDir !== undefined && head !== undefined) {
      // The state at head, for the next revision to start from; then the schema read from it.
      if (pending.length > 0 && steps.length > 0) await writeSnapshot(cacheDir, head, scratch);
      if (modelFile !== undefined) await writeCached(modelFile, model);
      await pruneReplayCache(cacheDir);
    }
    return {
      model,
      source: start > 0 ? 'snapshot' : 'scratch',
      replayed: pending.map((s) => s.revision.id),
    };
  } finally {
    await scratch.client.close();
  }
}

/**
 * Extension names the migration files create: `CREATE EXTENSION [IF NOT EXISTS] name` in SQL
 * and `op.createExtension('name'` in TypeScript.
 */
export async function extensionsInMigrations(paths: readonly string[]): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  return extensionsInTexts(await Promise.all(paths.map((path) => readFile(path, 'utf8'))));
}

function extensionsInTexts(texts: readonly string[]): string[] {
  const found = new Set<string>();
  const patterns = [
    /CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"([^"]+)"|([A-Za-z_][\w-]*))/gi,
    /createExtension\(\s*(?:'([^']+)'|"([^"]+)")/g,
  ];
  for (const text of texts)
    for (const pattern of patterns)
      for (const m of text.matchAll(pattern)) found.add((m[1] ?? m[2])!.toLowerCase());
  return [...found];
}
