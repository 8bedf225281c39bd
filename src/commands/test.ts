import { relative } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { describeChange } from '../core/changes/describe-change.js';
import { diffSchemas } from '../core/diff/diff-schemas.js';
import { isRetortError } from '../core/errors.js';
import type { PlanStep } from '../core/revisions/plan-steps.js';
import { planUpgrade } from '../core/revisions/plan-steps.js';
import {
  dataDifferences,
  schemaDifferences,
  type DataState,
  type SchemaState,
} from '../core/testing/compare.js';
import { catalogSnapshot } from '../database/catalog-fingerprint.js';
import type { DatabaseClient } from '../database/client.js';
import { introspectDatabase } from '../database/introspect.js';
import type { RevisionFile } from '../project/revision-files.js';
import { lint } from './lint.js';
import { declaredSchema, scratchCacheDir } from './schema-sources.js';
import {
  dataSnapshot,
  errorText,
  readTestSpec,
  runAfter,
  runBefore,
  type FixtureFailure,
  type RevisionTestSpec,
} from './test/fixtures.js';
import { testMigrator, type TestMigrator } from './test/migrator.js';
import { scratchDatabases } from './test/scratch.js';

export type TestCheckName =
  'single-head' | 'upgrade' | 'declaration' | 'stairway' | 'data' | 'lint' | 'offline';

/** One thing that failed: the revision, the statement and what differed. */
export interface TestFailure {
  readonly revision?: string;
  readonly file?: string;
  /** `file:line` of the statement, when known. */
  readonly location?: string;
  readonly statement?: string;
  readonly message: string;
  /** What differed, one line each (`drop column users.timezone`). */
  readonly differences?: readonly string[];
  readonly hint?: string;
}

/** A revision's outcome in the stairway / data checks. */
export interface RevisionOutcome {
  readonly revision: string;
  readonly message: string;
  readonly status: 'passed' | 'failed' | 'irreversible' | 'not run';
  readonly durationMs: number;
}

export interface TestCheck {
  readonly name: TestCheckName;
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** One line: what was checked, or why it was skipped. */
  readonly summary: string;
  readonly failures: readonly TestFailure[];
  readonly durationMs: number;
  readonly revisions?: readonly RevisionOutcome[];
}

export interface TestResult {
  /** `pglite:memory` or the server the throwaway databases were created on (redacted). */
  readonly database: string;
  readonly range: string | undefined;
  /** Revisions in the range, oldest first. */
  readonly revisions: readonly string[];
  readonly checks: readonly TestCheck[];
  readonly passed: boolean;
  readonly durationMs: number;
}

/** Progress while the test runs (the CLI prints it on stderr). */
export type TestEvent =
  | { readonly type: 'check-start'; readonly name: TestCheckName; readonly title: string }
  | {
      readonly type: 'revision';
      readonly name: TestCheckName;
      readonly index: number;
      readonly total: number;
      readonly outcome: RevisionOutcome;
    }
  | { readonly type: 'check-done'; readonly check: TestCheck };

export interface TestOptions {
  readonly config: ResolvedConfig;
  /** `[start]:[end]` (history-range syntax, e.g. `ae10:heads`) or one revision; default all. */
  readonly range?: string | undefined;
  /** A PostgreSQL server to create throwaway databases on; default embedded in-memory PGlite. */
  readonly database?: string | undefined;
  readonly onEvent?: ((event: TestEvent) => void) | undefined;
  /** Where scratch PGlite databases cache their pristine data directory; default `.retort/cache`. */
  readonly cacheDir?: string | undefined;
}

export const CHECK_TITLES: Record<TestCheckName, string> = {
  'single-head': 'single head',
  upgrade: 'upgrade base → head',
  declaration: 'matches the declaration',
  stairway: 'stairway (up, down, up)',
  data: 'data fixtures',
  lint: 'lint',
  offline: 'offline ≡ online',
};

/**
 * `retort test`: proves every migration of the range up, down and up again on scratch
 * databases, with data, and checks the head against the declaration, lint and the offline
 * script. Failures are results (exit 1 from the CLI), not exceptions; exceptions are for a
 * broken project (config, revision files) or an unreachable server.
 *
 * @example
 * const result = await test({ config: await loadConfig() });
 * result.passed; // true when every check passed
 */
export async function test(options: TestOptions): Promise<TestResult> {
  const started = performance.now();
  const { config } = options;
  const migrator = await testMigrator(config);
  const { graph, files } = migrator.project;
  const range = options.range?.trim() || undefined;
  const { selected, upper, start } = selectRange(migrator, range);
  const declared = config.schema === undefined ? undefined : await declaredSchema(config);
  const declaration = config.schema === undefined ? '' : relative(config.rootDir, config.schema);
  const scratch = scratchDatabases(config, {
    url: options.database,
    extensions: declared?.extensions.map((e) => e.name) ?? [],
    cacheDir: options.cacheDir ?? scratchCacheDir(config),
  });
  const checks: TestCheck[] = [];
  const emit = options.onEvent ?? (() => undefined);
  const record = async (
    name: TestCheckName,
    body: () => Promise<Omit<TestCheck, 'name' | 'title' | 'durationMs'>>,
  ): Promise<TestCheck> => {
    emit({ type: 'check-start', name, title: CHECK_TITLES[name] });
    const t0 = performance.now();
    const outcome = await body();
    const check = {
      name,
      title: CHECK_TITLES[name],
      ...outcome,
      durationMs: performance.now() - t0,
    };
    checks.push(check);
    emit({ type: 'check-done', check });
    return check;
  };
  const skipped = (summary: string) => ({ status: 'skipped' as const, summary, failures: [] });

  try {
    // 1. single head
    await record('single-head', async () => {
      const heads = graph.heads;
      if (heads.length <= 1)
        return {
          status: 'passed',
          summary: heads.length === 0 ? 'no revisions' : `one head: ${heads[0]}`,
          failures: [],
        };
      return {
        status: 'failed',
        summary: `${heads.length} heads`,
        failures: [
          {
            message: `The revisions have ${heads.length} heads: ${heads.join(', ')}. \`upgrade head\` cannot choose between them.`,
            hint: `Merge them: \`retort merge -m "merge heads" heads\` (or name them: \`retort merge -m "…" ${heads.join(' ')}\`).`,
          },
        ],
      };
    });

    const plan = planUpgrade(graph, [], upper);
    if (plan.length === 0) {
      for (const name of ['upgrade', 'declaration', 'stairway', 'data', 'lint', 'offline'] as const)
        await record(name, async () => skipped('no revisions'));
      return finish();
    }
    const specs = new Map<string, RevisionTestSpec>();
    for (const step of plan) {
      if (!selected.has(step.revision.id)) continue;
      specs.set(step.revision.id, await readTestSpec(fileOf(files, step.revision.id)));
    }

    // 2. upgrade base → head, on a database kept for 3 and 7.
    const headDb = await scratch.open();
    let head: SchemaState | undefined;
    await record('upgrade', async () => {
      const failure = await runSteps(migrator, headDb, plan, files);
      if (failure) return { status: 'failed', summary: 'the upgrade failed', failures: [failure] };
      head = await catalogSnapshot(headDb, migrator.versionTable);
      return {
        status: 'passed',
        summary: `${plan.length} revision${plan.length === 1 ? '' : 's'} applied to ${upper}`,
        failures: [],
      };
    });

    // 3. matches the declaration
    await record('declaration', async () => {
      if (declared === undefined) return skipped('no schema declaration configured');
      if (head === undefined) return skipped('the upgrade failed');
      const current = await introspectDatabase(headDb, {
        versionTable: migrator.versionTable.table,
        versionTableSchema: migrator.versionTable.schema,
        schemas: ['public', ...declared.schemas],
      });
      const differences = diffSchemas(current, declared).map(describeChange);
      if (differences.length === 0)
        return { status: 'passed', summary: `head matches ${declaration}`, failures: [] };
      return {
        status: 'failed',
        summary: `${differences.length} difference${differences.length === 1 ? '' : 's'} from ${declaration}`,
        failures: [
          {
            message: `The schema at ${upper} differs from ${declaration} (what would bring the migrations to the declaration):`,
            differences,
            hint: 'Write a migration for them with `retort revision --autogenerate -m "…"`, or fix the declaration.',
          },
        ],
      };
    });

    // 4 + 5. stairway with data
    // (the data fixtures run inside the stairway: their time is the stairway's)
    let data: CheckBody = skipped('the stairway did not run');
    await record('stairway', async () => {
      const stair = await stairway(
        migrator,
        await scratch.open(),
        plan,
        selected,
        specs,
        files,
        emit,
      );
      data = stair.data;
      return stair.schema;
    });
    await record('data', async () => data);

    // 6. lint
    await record('lint', async () => {
      const gate = config.lint.gate;
      if (gate === 'off') return skipped('lint.gate is off');
      const result = await lint({ config, range });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      const summary = `${result.summary.error} error(s), ${result.summary.warning} warning(s) in ${result.revisions} revision(s) (gate: ${gate})`;
      if (errors.length === 0 || gate === 'warn')
        return { status: 'passed', summary, failures: [] };
      return {
        status: 'failed',
        summary,
        failures: errors.map((d) => ({
          ...(d.revision ? { revision: d.revision } : {}),
          ...(d.file ? { file: d.file, location: `${d.file}:${d.line}:${d.column}` } : {}),
          statement: d.statement.split('\n')[0] ?? '',
          message: `${d.code} ${d.rule}: ${d.message}`,
          hint: d.safeAlternative,
        })),
      };
    });

    // 7. offline ≡ online
    await record('offline', async () => {
      if (head === undefined) return skipped('the upgrade failed');
      let script: string;
      try {
        script = await migrator.offlineScript(`${start.join(',') || 'base'}:${upper}`);
      } catch (error) {
        if (isRetortError(error) && error.code === 'OFFLINE_QUERY')
          return skipped(`${error.message.split(';')[0]} (op.query)`);
        throw error;
      }
      const db = await scratch.open();
      if (start.length > 0) await migrator.upgrade(db, start.join(','));
      const statements = await parserSplit(script);
      for (const statement of statements) {
        try {
          await db.exec(statement.sql);
        } catch (error) {
          return {
            status: 'failed',
            summary: 'the offline script failed',
            failures: [
              {
                message: `The \`upgrade ${start.join(',') || 'base'}:${upper} --sql\` script failed at its line ${statement.line}: ${errorText(error)}`,
                statement: statement.sql.split('\n')[0] ?? '',
              },
            ],
          };
        }
      }
      const offline = await catalogSnapshot(db, migrator.versionTable);
      const differences = schemaDifferences(offline, head);
      const onlineHeads = await migrator.heads(headDb);
      const offlineHeads = await migrator.heads(db);
      if (onlineHeads.join() !== offlineHeads.join())
        differences.push(
          `version table: ${offlineHeads.join(', ') || 'empty'} offline, ${onlineHeads.join(', ')} online`,
        );
      if (differences.length === 0)
        return {
          status: 'passed',
          summary: `the --sql script gives the same schema (${statements.length} statements)`,
          failures: [],
        };
      return {
        status: 'failed',
        summary: 'the --sql script gives a different schema',
        failures: [
          {
            message:
              'The offline script applied to an empty database differs from the online upgrade (what would bring it to the online schema):',
            differences,
          },
        ],
      };
    });
    return finish();
  } finally {
    await scratch.dispose();
  }

  function finish(): TestResult {
    return {
      database: scratch.label,
      range,
      revisions: [...selected],
      checks,
      passed: checks.every((c) => c.status !== 'failed'),
      durationMs: performance.now() - started,
    };
  }
}

/** The revisions to test, the upgrade target, and the heads the range starts from. */
function selectRange(
  migrator: TestMigrator,
  range: string | undefined,
): { selected: Set<string>; upper: string; start: string[] } {
  const { graph } = migrator.project;
  if (range === undefined) {
    const all = graph.iterate().reverse();
    return { selected: new Set(all.map((r) => r.id)), upper: 'heads', start: [] };
  }
  let lower: string | undefined;
  let upper: string | undefined;
  if (range.includes(':')) {
    const colon = range.indexOf(':');
    lower = range.slice(0, colon) || undefined;
    upper = range.slice(colon + 1) || undefined;
  } else {
    lower = range;
    upper = range;
  }
  const revisions = graph.iterate({ lower, upper }).reverse();
  const selected = new Set(revisions.map((r) => r.id));
  const oldest = revisions[0];
  const start = oldest ? oldest.revises.filter((id) => !selected.has(id)) : [];
  return { selected, upper: upper ?? 'heads', start };
}

function fileOf(files: ReadonlyMap<string, RevisionFile>, id: string): RevisionFile {
  const file = files.get(id);
  if (!file) throw new Error(`revision ${id} has no file`);
  return file;
}

async function parserSplit(script: string): Promise<{ sql: string; line: number }[]> {
  const { loadParser, sqlToStatements } = await import('../parser/sql-statements.js');
  await loadParser();
  return sqlToStatements(script, { file: 'upgrade.sql' }).map((s) => ({
    sql: s.sql,
    line: s.source?.line ?? 0,
  }));
}

/** Runs steps one by one; a failure becomes a {@link TestFailure} naming the revision. */
async function runSteps(
  migrator: TestMigrator,
  db: DatabaseClient,
  steps: readonly PlanStep[],
  files: ReadonlyMap<string, RevisionFile>,
): Promise<TestFailure | undefined> {
  for (const step of steps) {
    try {
      await migrator.run(db, [step]);
    } catch (error) {
      return stepFailure(error, step, files);
    }
  }
  return undefined;
}

function stepFailure(
  error: unknown,
  step: PlanStep,
  files: ReadonlyMap<string, RevisionFile>,
): TestFailure {
  const id = step.revision.id;
  const file = files.get(id)?.file;
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  if (isRetortError(error) && error.code === 'MIGRATION_FAILED') {
    const d = (error.details ?? {}) as {
      file?: string;
      line?: number;
      statement?: string;
      message?: string;
      sqlState?: string;
    };
    return {
      revision: id,
      ...(file ? { file } : {}),
      ...(d.file ? { location: `${d.file}${d.line === undefined ? '' : `:${d.line}`}` } : {}),
      ...(d.statement ? { statement: d.statement.split('\n')[0] ?? '' } : {}),
      message: `The ${verb} of ${id} failed: ${d.message ?? error.message}${d.sqlState ? ` (SQLSTATE ${d.sqlState})` : ''}`,
    };
  }
  return {
    revision: id,
    ...(file ? { file } : {}),
    message: `The ${verb} of ${id} failed: ${errorText(error)}`,
    ...(isRetortError(error) && error.hint ? { hint: error.hint } : {}),
  };
}

const reverse = (step: PlanStep): PlanStep => ({
  revision: step.revision,
  direction: 'down',
  headsBefore: step.headsAfter,
  headsAfter: step.headsBefore,
});

type CheckBody = Omit<TestCheck, 'name' | 'title' | 'durationMs'>;

/**
 * The stairway: for each revision, upgrade, downgrade, upgrade again; the downgrade must give
 * back the schema (and, with a fixture, the data) from before the upgrade, and the second upgrade
 * the schema of the first. Fixture rows go in before the upgrade; assertions run after each
 * upgrade. Stops at the first schema failure (the database is no longer in a known state).
 */
async function stairway(
  migrator: TestMigrator,
  db: DatabaseClient,
  plan: readonly PlanStep[],
  selected: ReadonlySet<string>,
  specs: ReadonlyMap<string, RevisionTestSpec>,
  files: ReadonlyMap<string, RevisionFile>,
  emit: (event: TestEvent) => void,
): Promise<{ schema: CheckBody; data: CheckBody }> {
  const snap = (): Promise<SchemaState> => catalogSnapshot(db, migrator.versionTable);
  const schemaFailures: TestFailure[] = [];
  const dataFailures: TestFailure[] = [];
  const outcomes: RevisionOutcome[] = [];
  const dataOutcomes: RevisionOutcome[] = [];
  const tested = plan.filter((s) => selected.has(s.revision.id));
  let state = await snap();
  let stopped = false;
  let index = 0;
  let irreversible = 0;
  for (const step of plan) {
    const id = step.revision.id;
    const file = files.get(id)?.file;
    const base = { revision: id, ...(file ? { file } : {}) };
    if (!selected.has(id)) {
      const failure = await runSteps(migrator, db, [step], files);
      if (failure) {
        schemaFailures.push(failure);
        stopped = true;
        break;
      }
      state = await snap();
      continue;
    }
    const started = performance.now();
    const spec = specs.get(id) ?? { irreversible: false };
    const hasFixture = spec.before !== undefined || spec.after !== undefined;
    let dataFailed = false;
    const fixtureFailed = (failure: FixtureFailure, when: string): void => {
      dataFailed = true;
      dataFailures.push({
        ...base,
        ...(failure.location ? { location: failure.location } : {}),
        ...(failure.statement ? { statement: failure.statement } : {}),
        message: `${id} ${when}: ${failure.message}`,
      });
    };
    const finishRevision = (status: RevisionOutcome['status']): void => {
      const outcome = {
        revision: id,
        message: step.revision.message,
        status,
        durationMs: performance.now() - started,
      };
      outcomes.push(outcome);
      if (hasFixture)
        dataOutcomes.push({
          ...outcome,
          status:
            status === 'failed' && !dataFailed
              ? 'not run'
              : dataFailed
                ? 'failed'
                : status === 'irreversible'
                  ? 'passed'
                  : status,
        });
      emit({ type: 'revision', name: 'stairway', index: index++, total: tested.length, outcome });
    };
    const schemaFailed = (failure: TestFailure): void => {
      schemaFailures.push(failure);
      stopped = true;
      finishRevision('failed');
    };

    if (spec.before) {
      const failure = await runBefore(db, spec.before);
      if (failure) fixtureFailed(failure, 'before the upgrade');
    }
    const dataBefore: DataState | undefined = hasFixture
      ? await dataSnapshot(db, state.model)
      : undefined;
    let failure = await runSteps(migrator, db, [step], files);
    if (failure) {
      schemaFailed(failure);
      break;
    }
    const up = await snap();
    if (spec.after) {
      const f = await runAfter(db, spec.after);
      if (f) fixtureFailed(f, 'after the upgrade');
    }
    if (spec.irreversible) {
      irreversible++;
      state = up;
      finishRevision('irreversible');
      continue;
    }
    failure = await runSteps(migrator, db, [reverse(step)], files);
    if (failure) {
      schemaFailed({
        ...failure,
        hint: 'Fix the downgrade, or declare the revision `irreversible: true` (`-- irreversible: true` in SQL) if it cannot be undone.',
      });
      break;
    }
    const down = await snap();
    const trace = schemaDifferences(down, state);
    if (trace.length > 0) {
      schemaFailed({
        ...base,
        message: `The downgrade of ${id} leaves a trace: the schema after it differs from the schema before the upgrade (what would bring it back):`,
        differences: trace,
        hint: `Make the downgrade of ${id} undo exactly what its upgrade does.`,
      });
      break;
    }
    if (dataBefore) {
      const lost = dataDifferences(await dataSnapshot(db, down.model), dataBefore);
      if (lost.length > 0) {
        dataFailed = true;
        dataFailures.push({
          ...base,
          message: `After the downgrade of ${id} the data is not what it was before the upgrade:`,
          differences: lost,
          hint: `The upgrade of ${id} loses data its downgrade cannot restore: keep what it removes (e.g. a column or table the downgrade reads back), or declare the revision irreversible.`,
        });
      }
    }
    failure = await runSteps(migrator, db, [step], files);
    if (failure) {
      schemaFailed({
        ...failure,
        message: `${failure.message} (upgrading again after the downgrade)`,
      });
      break;
    }
    const again = await snap();
    const drift = schemaDifferences(again, up);
    if (drift.length > 0) {
      schemaFailed({
        ...base,
        message: `Upgrading ${id} again after its downgrade gives a different schema from the first upgrade (what would bring it to the first):`,
        differences: drift,
        hint: `The downgrade of ${id} does not undo its upgrade exactly.`,
      });
      break;
    }
    if (spec.after) {
      const f = await runAfter(db, spec.after);
      if (f) fixtureFailed(f, 'after upgrading again');
    }
    state = again;
    finishRevision('passed');
  }
  if (stopped) {
    for (const step of tested) {
      if (outcomes.some((o) => o.revision === step.revision.id)) continue;
      outcomes.push({
        revision: step.revision.id,
        message: step.revision.message,
        status: 'not run',
        durationMs: 0,
      });
      const spec = specs.get(step.revision.id);
      if (spec?.before || spec?.after)
        dataOutcomes.push({
          revision: step.revision.id,
          message: step.revision.message,
          status: 'not run',
          durationMs: 0,
        });
    }
  }
  const passedCount = outcomes.filter((o) => o.status === 'passed').length;
  const schema = {
    status: schemaFailures.length > 0 ? ('failed' as const) : ('passed' as const),
    summary:
      `${passedCount} of ${tested.length} revision${tested.length === 1 ? '' : 's'} up, down and up again` +
      (irreversible > 0 ? `; ${irreversible} irreversible (upgrade only)` : '') +
      (stopped ? '; stopped at the first failure' : ''),
    failures: schemaFailures,
    revisions: outcomes,
  };
  const fixtures = dataOutcomes.length;
  const data: CheckBody =
    fixtures === 0 && dataFailures.length === 0
      ? { status: 'skipped', summary: 'no revision in the range has a test fixture', failures: [] }
      : {
          status: dataFailures.length > 0 ? 'failed' : 'passed',
          summary: `${dataOutcomes.filter((o) => o.status === 'passed').length} of ${fixtures} fixture${fixtures === 1 ? '' : 's'} passed`,
          failures: dataFailures,
          revisions: dataOutcomes,
        };
  return { schema, data };
}
