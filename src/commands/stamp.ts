import type { MigrationSource } from '../project/migration-source.js';
import type { ResolvedConfig } from '../core/config.js';
import { redactUrl } from '../core/redact.js';
import { planStamp } from '../core/revisions/plan-steps.js';
import {
  closeStaleProgressSql,
  createVersionTablesSql,
  insertHistorySql,
  purgeHeadsSql,
  updateHeadsSql,
  type VersionTableNames,
} from '../core/runner/version-table-sql.js';
import { acquireMigrationLock } from '../database/advisory-lock.js';
import { connectWithConfig } from '../database/connect.js';
import { ensureVersionTables, readHeads, readRunningSteps } from '../database/version-table.js';
import { loadProject, versionTableNames } from '../project/load-project.js';
import { VERSION } from '../version.js';

export interface StampOptions {
  readonly config: ResolvedConfig;
  /** Revisions to record as current: ids, prefixes, `head`, `heads`, `base`. */
  readonly revisions: readonly string[];
  /** Empty the version table first (also when it names unknown revisions). */
  readonly purge?: boolean;
  /** Print the SQL instead of connecting. */
  readonly sql?: boolean;
  /** Where the revisions come from; default the files of `config.migrationsDir`. */
  readonly source?: MigrationSource | undefined;
}

export interface StampResult {
  readonly database?: string;
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
  readonly sql?: string;
}

const stampSql = (
  names: VersionTableNames,
  before: readonly string[],
  after: readonly string[],
  purge: boolean,
): string[] => [
  ...(purge ? [purgeHeadsSql(names)] : []),
  ...updateHeadsSql(names, purge ? [] : before, after),
  ...after
    .filter((h) => purge || !before.includes(h))
    .map((revision) =>
      insertHistorySql(names, {
        revision,
        direction: 'stamp',
        checksum: null,
        toolVersion: VERSION,
        statementsDone: 0,
        statementsTotal: 0,
        status: 'done',
      }),
    ),
];

/**
 * Records revisions as current without running any migration (after applying them by hand, or
 * to adopt an existing database).
 *
 * @example
 * await stamp({ config, revisions: ['e4f7a9b2c3d1'] });
 */
export async function stamp(options: StampOptions): Promise<StampResult> {
  const { config } = options;
  const { graph } = await loadProject(config, options.source);
  const names = versionTableNames(config);
  if (options.sql) {
    // Offline the current rows are unknown: the script replaces them all.
    const after = planStamp(graph, [], options.revisions, { purge: true });
    const lines = [
      ...createVersionTablesSql(names),
      'BEGIN',
      ...stampSql(names, [], after, true),
      'COMMIT',
    ];
    return { headsBefore: [], headsAfter: after, sql: `${lines.map((l) => `${l};`).join('\n')}\n` };
  }
  const db = await connectWithConfig(config);
  try {
    const lock = await acquireMigrationLock(db, names, config.run.lockWaitMs);
    try {
      await ensureVersionTables(db, names);
      const before = await readHeads(db, names);
      const after = planStamp(graph, before, options.revisions, { purge: options.purge === true });
      // Progress rows of half-done steps the stamp moves past are stale: an upgrade of a
      // revision now applied, a downgrade of one no longer applied. They are closed as
      // 'stamped' so --resume and the half-done check stop pointing at them.
      const applied = new Set(graph.ancestors(after, { includeDependencies: true }));
      const stale = (await readRunningSteps(db, names))
        .filter((r) => (r.direction === 'up') === applied.has(r.revision))
        .map((r) => r.revision);
      await db.exec(
        [
          'BEGIN',
          ...stampSql(names, before, after, options.purge === true),
          ...(stale.length > 0 ? [closeStaleProgressSql(names, stale)] : []),
          'COMMIT',
        ].join(';\n'),
      );
      return {
        database: redactUrl(config.databaseUrl),
        headsBefore: before,
        headsAfter: await readHeads(db, names),
      };
    } finally {
      await lock.release();
    }
  } finally {
    await db.close();
  }
}
