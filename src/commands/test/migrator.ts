import type { ResolvedConfig } from '../../core/config.js';
import { planDowngrade, planUpgrade, type PlanStep } from '../../core/revisions/plan-steps.js';
import type { DatabaseClient } from '../../database/client.js';
import { ensureVersionTables, readHeads } from '../../database/version-table.js';
import { migrate } from '../../runner/migrate.js';
import { onlineTarget } from '../../runner/online-target.js';
import { loadProject, versionTableNames, type LoadedProject } from '../../project/load-project.js';
import { runPlan, type StepResult } from '../../runner/run-plan.js';
import { VERSION } from '../../version.js';

/**
 * The narrow interface `retort test` runs migrations through: the runner's plan and engine on a
 * connection the test owns (a scratch database), and the offline script of `upgrade --sql`.
 * Everything `retort test` needs from the runner is here, so a reshaped runner is re-pointed in
 * this one file.
 */
export interface TestMigrator {
  readonly project: LoadedProject;
  readonly versionTable: { readonly schema: string; readonly table: string };
  /** Upgrades `db` from its current heads to `target` (Alembic syntax). */
  upgrade(db: DatabaseClient, target: string): Promise<StepResult[]>;
  /** Downgrades `db` from its current heads to `target`. */
  downgrade(db: DatabaseClient, target: string): Promise<StepResult[]>;
  /** Runs exactly these steps (planned from `db`'s heads by the caller). */
  run(db: DatabaseClient, steps: readonly PlanStep[]): Promise<StepResult[]>;
  /** The version table's rows. */
  heads(db: DatabaseClient): Promise<string[]>;
  /** `retort upgrade <range> --sql`: the offline script, lint gate off (the test lints apart). */
  offlineScript(range: string): Promise<string>;
}

export async function testMigrator(config: ResolvedConfig): Promise<TestMigrator> {
  const project = await loadProject(config);
  const names = versionTableNames(config);
  const run = async (db: DatabaseClient, steps: readonly PlanStep[]): Promise<StepResult[]> => {
    await ensureVersionTables(db, names);
    if (steps.length === 0) return [];
    return runPlan({
      steps,
      target: onlineTarget(db),
      names,
      files: project.files,
      transaction: config.run.transaction,
      lockTimeoutMs: config.run.lockTimeoutMs,
      statementTimeoutMs: config.run.statementTimeoutMs,
      lockRetries: config.run.lockRetries,
      toolVersion: VERSION,
    });
  };
  const heads = async (db: DatabaseClient): Promise<string[]> => {
    await ensureVersionTables(db, names);
    return readHeads(db, names);
  };
  return {
    project,
    versionTable: names,
    run,
    heads,
    async upgrade(db, target) {
      return run(db, planUpgrade(project.graph, await heads(db), target));
    },
    async downgrade(db, target) {
      return run(db, planDowngrade(project.graph, await heads(db), target));
    },
    async offlineScript(range) {
      const result = await migrate({
        config,
        direction: 'up',
        target: range,
        sql: true,
        lint: 'off',
      });
      return result.sql ?? '';
    },
  };
}
