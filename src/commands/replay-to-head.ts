import type { ResolvedConfig } from '../core/config.js';
import type { SchemaModel } from '../core/model/schema-model.js';
import { planUpgrade } from '../core/revisions/plan-steps.js';
import { introspectDatabase } from '../database/introspect.js';
import { openScratchDatabase } from '../database/scratch-database.js';
import { ensureVersionTables } from '../database/version-table.js';
import { onlineTarget } from '../runner/online-target.js';
import { loadProject, versionTableNames } from '../project/load-project.js';
import { runPlan } from '../runner/run-plan.js';
import { VERSION } from '../version.js';

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
  const scratch = await openScratchDatabase({ extensions, cacheDir });
  try {
    await ensureVersionTables(scratch, names);
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
    return await introspectDatabase(scratch, {
      versionTable: config.versionTable,
      versionTableSchema: config.versionTableSchema,
      ...(schemas === undefined ? {} : { schemas }),
    });
  } finally {
    await scratch.close();
  }
}
