import type { ResolvedConfig } from '../core/config.js';
import type { SchemaModel } from '../core/model/schema-model.js';
import { planUpgrade } from '../core/revisions/plan-steps.js';
import { introspectDatabase } from '../database/introspect.js';
import { createRoles, readCached, writeCached } from '../database/normalise-declaration.js';
import { openScratchDatabase, pgliteVersion } from '../database/scratch-database.js';
import { ensureVersionTables } from '../database/version-table.js';
import { onlineTarget } from '../runner/online-target.js';
import { loadProject, versionTableNames } from '../project/load-project.js';
import { runPlan } from '../runner/run-plan.js';
import { VERSION } from '../version.js';
import { rolesInMigrations } from './replay-roles.js';

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
  const project = await loadProject(config);
  const names = versionTableNames(config);
  const paths = [...project.files.values()].map((f) => f.absolutePath);
  // An unchanged history (same files, same contents) gives the same schema: not replayed again.
  const cacheFile =
    cacheDir === undefined
      ? undefined
      : await replayCacheFile(cacheDir, paths, { extensions, schemas, names });
  if (cacheFile !== undefined) {
    const cached = await readCached(cacheFile);
    if (cached !== undefined) return cached;
  }
  // Extensions a migration creates must be loadable too, even when a later one drops them and
  // the declaration no longer names them.
  const used = await extensionsInMigrations(paths);
  const scratch = await openScratchDatabase({
    extensions: [...new Set([...extensions, ...used])],
    cacheDir,
  });
  try {
    await ensureVersionTables(scratch, names);
    await createRoles(scratch, await rolesInMigrations(paths));
    if (project.files.size > 0) {
      await runPlan({
        steps: planUpgrade(project.graph, [], 'heads'),
        target: onlineTarget(scratch),
        names,
        files: project.files,
        transaction: 'per-migration',
        lockTimeoutMs: 0,
        statementTimeoutMs: 0,
        lockRetries: 0,
        toolVersion: VERSION,
      });
    }
    const model = await introspectDatabase(scratch, {
      versionTable: config.versionTable,
      versionTableSchema: config.versionTableSchema,
      ...(schemas === undefined ? {} : { schemas }),
    });
    if (cacheFile !== undefined) await writeCached(cacheFile, model);
    return model;
  } finally {
    await scratch.close();
  }
}

/**
 * Extension names the migration files create: `CREATE EXTENSION [IF NOT EXISTS] name` in SQL
 * and `op.createExtension('name'` in TypeScript.
 */
export async function extensionsInMigrations(paths: readonly string[]): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const found = new Set<string>();
  const patterns = [
    /CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"([^"]+)"|([A-Za-z_][\w-]*))/gi,
    /createExtension\(\s*(?:'([^']+)'|"([^"]+)")/g,
  ];
  for (const path of paths) {
    const text = await readFile(path, 'utf8');
    for (const pattern of patterns)
      for (const m of text.matchAll(pattern)) found.add((m[1] ?? m[2])!.toLowerCase());
  }
  return [...found];
}

/**
 * The cache file of a replay: named by a hash of every revision file's path and contents, the
 * replay's options, retort's and PGlite's versions. Any edit, added or removed file changes it.
 */
async function replayCacheFile(
  cacheDir: string,
  paths: readonly string[],
  options: unknown,
): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { readFile } = await import('node:fs/promises');
  const { basename, join } = await import('node:path');
  const hash = createHash('sha256');
  hash.update(`${VERSION}\n${await pgliteVersion()}\n${JSON.stringify(options)}\n`);
  for (const path of [...paths].sort()) {
    hash.update(`${basename(path)}\n`);
    hash.update(await readFile(path));
    hash.update('\n');
  }
  return join(cacheDir, `replay-${hash.digest('hex').slice(0, 32)}.json`);
}
