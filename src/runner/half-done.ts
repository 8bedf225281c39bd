import { ExitCode, RetortError } from '../core/errors.js';
import { quoteIdent, quoteQualified } from '../core/sql/quote.js';
import type { Statement } from '../core/sql/statement.js';
import {
  resolveInFlightSql,
  runApplicationName,
  type VersionTableNames,
} from '../core/runner/version-table-sql.js';
import type { DatabaseClient } from '../database/client.js';
import {
  readInvalidIndexes,
  readRunningSteps,
  type RunningStep,
} from '../database/version-table.js';
import { loadParser, parseStatements } from '../parser/parse-sql.js';
import type { RevisionFile } from '../project/revision-files.js';
import { createMigrationLoader, type MigrationLoader } from './prepared-migration.js';
import { HalfAppliedError } from './runner-errors.js';

/** What the operator says about a statement whose outcome is unknown. */
export type UnitDecision = 'rerun' | 'skip';

/**
 * What the catalog says about a statement that was in flight when a run died:
 * `done` (it took effect: skip it), `not-done` (run it), `rerunnable` (running it again is
 * harmless), `unknown` (the operator must say). `drop` is SQL to run first (an INVALID index).
 */
export interface InFlightVerdict {
  readonly outcome: 'done' | 'not-done' | 'rerunnable' | 'unknown';
  readonly reason: string;
  readonly drop?: string;
  /** The INVALID index the rebuild replaces (not reported as a stray invalid index). */
  readonly invalidIndex?: { readonly schema: string; readonly name: string };
}

/** The server backend of an earlier run, still alive. */
export interface OrphanBackend {
  readonly pid: number;
  readonly runId: string;
  readonly revision: string;
  readonly state: string;
  readonly query: string;
  readonly queryStart: string | null;
}

const names = (list: unknown): string[] =>
  Array.isArray(list)
    ? list.map((n) => String((n as { String?: { sval?: string } }).String?.sval ?? ''))
    : [];

const qualified = (rel: { relname?: string; schemaname?: string }): string =>
  rel.schemaname
    ? quoteQualified(rel.relname ?? '', rel.schemaname)
    : quoteIdent(rel.relname ?? '');

async function exists(db: DatabaseClient, regclass: string): Promise<boolean> {
  const r = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [regclass]);
  return r.rows[0]?.ok === true;
}

/**
 * Decides from the catalog whether a statement that was in flight took effect. Only forms whose
 * effect is visible and atomic are decided (CREATE/DROP INDEX [CONCURRENTLY], ALTER TYPE … ADD
 * VALUE, CREATE/DROP TABLE); maintenance (VACUUM, ANALYZE, REINDEX, CLUSTER) is rerunnable; DML
 * and everything else is `unknown`.
 */
export async function inFlightVerdict(
  db: DatabaseClient,
  statement: Statement,
): Promise<InFlightVerdict> {
  await loadParser();
  let ast: Record<string, unknown>;
  try {
    ast = parseStatements(statement.sql)[0]?.ast ?? {};
  } catch {
    return { outcome: 'unknown', reason: 'the statement could not be parsed' };
  }
  const [kind] = Object.keys(ast);
  const node = (kind ? ast[kind] : {}) as Record<string, unknown>;
  if (kind === 'IndexStmt') {
    const idx = node['idxname'] as string | undefined;
    const table = node['relation'] as { relname?: string; schemaname?: string };
    if (!idx) return { outcome: 'unknown', reason: 'the index has no name to look up' };
    const r = await db.query<{ valid: boolean; schema: string }>(
      `SELECT i.indisvalid AS valid, n.nspname AS schema
         FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_class c ON c.relnamespace = t.relnamespace AND c.relname = $2
         JOIN pg_index i ON i.indexrelid = c.oid
        WHERE t.oid = to_regclass($1)`,
      [qualified(table), idx],
    );
    const row = r.rows[0];
    if (!row) return { outcome: 'not-done', reason: `index ${idx} does not exist` };
    if (row.valid) return { outcome: 'done', reason: `index ${idx} exists and is valid` };
    return {
      outcome: 'not-done',
      reason: `index ${idx} exists but is INVALID (its build was interrupted): it is dropped and built again`,
      drop: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(idx, row.schema)}`,
      invalidIndex: { schema: row.schema, name: idx },
    };
  }
  if (kind === 'DropStmt') {
    const type = node['removeType'];
    if (type === 'OBJECT_INDEX' || type === 'OBJECT_TABLE') {
      const objects = (node['objects'] as { List?: { items?: unknown } }[] | undefined) ?? [];
      const found = await Promise.all(
        objects.map((o) =>
          exists(
            db,
            names(o.List?.items)
              .map((n) => quoteIdent(n))
              .join('.'),
          ),
        ),
      );
      const what = type === 'OBJECT_INDEX' ? 'index' : 'table';
      return found.every((f) => !f)
        ? { outcome: 'done', reason: `the ${what} no longer exists` }
        : { outcome: 'not-done', reason: `the ${what} still exists` };
    }
  }
  if (kind === 'AlterEnumStmt' && typeof node['newVal'] === 'string' && !node['oldVal']) {
    const type = names(node['typeName'])
      .map((n) => quoteIdent(n))
      .join('.');
    const r = await db.query<{ type: boolean; label: boolean }>(
      `SELECT to_regtype($1) IS NOT NULL AS type,
              EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = to_regtype($1) AND enumlabel = $2) AS label`,
      [type, node['newVal']],
    );
    const row = r.rows[0];
    if (row?.label) return { outcome: 'done', reason: `label '${node['newVal']}' exists` };
    if (row?.type) return { outcome: 'not-done', reason: `label '${node['newVal']}' is absent` };
    return { outcome: 'unknown', reason: `type ${type} does not exist` };
  }
  if (kind === 'CreateStmt') {
    const table = node['relation'] as { relname?: string; schemaname?: string };
    if (node['if_not_exists'] === true)
      return { outcome: 'rerunnable', reason: 'CREATE TABLE IF NOT EXISTS is idempotent' };
    return (await exists(db, qualified(table)))
      ? { outcome: 'done', reason: `table ${table.relname} exists` }
      : { outcome: 'not-done', reason: `table ${table.relname} does not exist` };
  }
  if (
    kind === 'VacuumStmt' ||
    kind === 'ReindexStmt' ||
    kind === 'ClusterStmt' ||
    kind === 'VariableSetStmt'
  )
    return { outcome: 'rerunnable', reason: 'running it again is harmless' };
  return {
    outcome: 'unknown',
    reason: 'whether it took effect cannot be read from the catalog',
  };
}

/** The backend of the run that wrote a half-done step, when it is still alive. */
export async function findOrphan(
  db: DatabaseClient,
  step: RunningStep,
): Promise<OrphanBackend | undefined> {
  if (step.backendPid === undefined || step.runId === undefined) return undefined;
  const r = await db.query<{
    pid: number;
    state: string | null;
    query: string | null;
    query_start: string | null;
  }>(
    `SELECT pid, state, left(query, 300) AS query, query_start::text AS query_start
       FROM pg_stat_activity
      WHERE pid = $1 AND application_name = $2 AND pid <> pg_backend_pid()`,
    [step.backendPid, runApplicationName(step.runId)],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    pid: Number(row.pid),
    runId: step.runId,
    revision: step.revision,
    state: row.state ?? '',
    query: row.query ?? '',
    queryStart: row.query_start,
  };
}

/** An earlier run's backend was still executing when the wait ran out. Exit 7. */
export class OrphanBackendError extends RetortError {
  constructor(orphan: OrphanBackend, waitedMs: number, command: string) {
    super(
      'ORPHAN_BACKEND_RUNNING',
      ExitCode.Lock,
      `The server backend of another run (pid ${orphan.pid}, application_name '${runApplicationName(orphan.runId)}', revision ${orphan.revision}) is still ${orphan.state || 'alive'} after waiting ${Math.round(waitedMs / 1000)} s${orphan.queryStart ? `, its query started ${orphan.queryStart}` : ''}: ${orphan.query.replace(/\s+/g, ' ').slice(0, 160)}`,
      {
        hint: `If the process that started that run is gone (killed), the server is still finishing its statement: wait and run again, or end it with \`${command} --terminate-orphans\` (pg_terminate_backend(${orphan.pid})). If that run is still going, let it finish.`,
        details: { orphan, waitedMs },
      },
    );
  }
}

export interface SettleOrphansOptions {
  /** End the orphaned backends (pg_terminate_backend) instead of waiting for them to finish. */
  readonly terminate: boolean;
  /** How long to wait for them to be gone. */
  readonly waitMs: number;
  /** `retort upgrade <target>` or similar, for the hint. */
  readonly command: string;
  readonly onWait?: ((orphan: OrphanBackend, action: 'wait' | 'terminate') => void) | undefined;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Before a run touches a half-done step: waits (bounded) until the backend of the run that
 * wrote it is gone, or terminates it first. Throws OrphanBackendError when it outlives the wait.
 * Returns the orphans it waited for or ended.
 */
export async function settleOrphans(
  db: DatabaseClient,
  names: VersionTableNames,
  options: SettleOrphansOptions,
): Promise<OrphanBackend[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const seen: OrphanBackend[] = [];
  const started = performance.now();
  // Re-read every time: a live run that finishes its step (or ends) stops counting at once.
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    const alive: OrphanBackend[] = [];
    for (const step of await readRunningSteps(db, names)) {
      const orphan = await findOrphan(db, step);
      if (orphan) alive.push(orphan);
    }
    if (alive.length === 0) return seen;
    for (const orphan of alive) {
      if (seen.some((o) => o.pid === orphan.pid && o.runId === orphan.runId)) continue;
      seen.push(orphan);
      options.onWait?.(orphan, options.terminate ? 'terminate' : 'wait');
      if (options.terminate) await db.query('SELECT pg_terminate_backend($1)', [orphan.pid]);
    }
    const waited = performance.now() - started;
    if (waited > options.waitMs) throw new OrphanBackendError(alive[0]!, waited, options.command);
    await sleep(pause);
  }
}

/** How a half-done step's in-flight statement was settled before resuming. */
export interface SettledStatement {
  readonly revision: string;
  /** 0-based index of the statement in the migration. */
  readonly statement: number;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly sql: string;
  readonly decision: UnitDecision;
  /** `operator` (--rerun-unit / --skip-unit) or `catalog`. */
  readonly by: 'operator' | 'catalog';
  readonly reason: string;
}

/** A statement was in flight when a run died and nothing says whether it took effect. Exit 8. */
export class UnitOutcomeUnknownError extends RetortError {
  constructor(step: RunningStep, where: string, statement: string, reason: string, cmd: string) {
    super(
      'UNIT_OUTCOME_UNKNOWN',
      ExitCode.Safety,
      `Revision ${step.revision}: statement ${step.inFlight!.statement + 1} of ${step.statementsTotal} (${where}) was running when an earlier run${step.runId ? ` (${step.runId})` : ''} stopped, and ${reason}; retort will not guess whether it was applied.\n  statement: ${statement.length > 400 ? `${statement.slice(0, 400)}…` : statement}`,
      {
        hint: `Check the data, then either run it again: \`${cmd} --resume --rerun-unit\`, or count it as applied and continue after it: \`${cmd} --resume --skip-unit\` (\`retort repair\` does the same without running anything).`,
        details: { halfDone: step, statement, where },
      },
    );
  }
}

export interface CheckHalfDoneOptions {
  /** Where the progress rows are; needed to settle an in-flight statement. */
  readonly names?: VersionTableNames;
  /** The operator's word on an in-flight statement (`--rerun-unit` / `--skip-unit`). */
  readonly unit?: UnitDecision | undefined;
  /** The target given on the command line, for the commands in messages. */
  readonly target?: string | undefined;
}

/** The in-flight statement of a step, with its file:line. */
export async function inFlightStatement(
  step: RunningStep,
  file: RevisionFile | undefined,
  loader: MigrationLoader,
): Promise<{ statement: Statement; where: string } | undefined> {
  if (!step.inFlight || !file) return undefined;
  const prepared = await loader.prepare(file, step.direction);
  const statement = prepared.units.flatMap((u) => u.statements)[step.inFlight.statement];
  if (!statement) return undefined;
  const line = statement.source?.line;
  return {
    statement,
    where: `${statement.source?.file ?? file.file}${line === undefined ? '' : `:${line}`}`,
  };
}

/**
 * Refuses to run over a half-done migration unless resuming; says exactly what is half done.
 * Resuming a step whose non-transactional statement was in flight settles it first: from the
 * catalog where it can (an index that exists and is valid is done; an INVALID one is dropped and
 * rebuilt; an enum label that exists is done), else from the operator's `unit` decision, else
 * UnitOutcomeUnknownError. Returns the step to resume (its statements done after settling).
 */
export async function checkHalfDone(
  db: DatabaseClient,
  running: readonly RunningStep[],
  files: ReadonlyMap<string, RevisionFile>,
  resume: boolean,
  loader: MigrationLoader = createMigrationLoader(),
  options: CheckHalfDoneOptions = {},
): Promise<(RunningStep & { settled?: SettledStatement }) | undefined> {
  const step = running[0];
  if (!step) return undefined;
  const file = files.get(step.revision);
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  const cmd = `retort ${verb} ${options.target ?? '<target>'}`;
  let next = '';
  let inFlight: Awaited<ReturnType<typeof inFlightStatement>>;
  // The next statement, when it is an index build a failed or cancelled run left INVALID: it is
  // dropped and built again on --resume (IF NOT EXISTS would skip it, without it would fail).
  let rebuild: InFlightVerdict | undefined;
  if (file) {
    try {
      inFlight = await inFlightStatement(step, file, loader);
      const prepared = await loader.prepare(file, step.direction);
      const s = prepared.units.flatMap((u) => u.statements)[step.statementsDone];
      if (s && !inFlight) {
        next = ` The next statement is at ${s.source?.file ?? file.file}${s.source?.line ? `:${s.source.line}` : ''}: ${s.sql.split('\n')[0]}`;
        if (!s.transactional) {
          const v = await inFlightVerdict(db, s);
          if (v.drop) {
            rebuild = v;
            next += `. Its index was left INVALID: on --resume it is dropped (${v.drop}) and built again.`;
          }
        }
      }
    } catch {
      next = '';
    }
  }
  const verdict = inFlight ? await inFlightVerdict(db, inFlight.statement) : undefined;
  const decision: UnitDecision | undefined =
    options.unit ??
    (verdict === undefined || verdict.outcome === 'unknown'
      ? undefined
      : verdict.outcome === 'done'
        ? 'skip'
        : 'rerun');
  const flight =
    inFlight && verdict
      ? ` Statement ${step.inFlight!.statement + 1} (${inFlight.where}) was running when that run stopped${step.runId ? ` (run ${step.runId}, backend pid ${step.backendPid ?? '?'})` : ''}: ${verdict.reason}${decision ? ` — on --resume it is ${decision === 'skip' ? 'counted as done' : 'run again'}` : ''}.\n  statement: ${inFlight.statement.sql.split('\n')[0]}`
      : '';
  const handled = (verdict ?? rebuild)?.invalidIndex;
  const invalid = (await readInvalidIndexes(db)).filter(
    (i) => !(handled?.schema === i.schema && handled.name === i.name),
  );
  const invalidText =
    invalid.length > 0
      ? ` INVALID indexes left by a failed CREATE INDEX CONCURRENTLY: ${invalid.map((i) => `${i.schema}.${i.name} on ${i.table}`).join(', ')}.`
      : '';
  const fixInvalid =
    invalid.length > 0
      ? `Drop each invalid index first (${invalid.map((i) => `DROP INDEX CONCURRENTLY ${quoteQualified(i.name, i.schema)};`).join(' ')}) so the build can run again, then `
      : '';
  const message = `Revision ${step.revision}${file ? ` (${file.file})` : ''} was left half done by an earlier run started ${step.startedAt}: ${verb} stopped after ${step.statementsDone} of ${step.statementsTotal} statements.${next}${flight}${invalidText}`;
  const details = { halfDone: step, invalidIndexes: invalid, ...(verdict ? { verdict } : {}) };
  if (!resume) {
    const how =
      inFlight && decision === undefined
        ? `\`${cmd} --resume --rerun-unit\` or \`${cmd} --resume --skip-unit\` (check the data first: the statement may or may not have been applied)`
        : `\`${cmd} --resume\` to continue from statement ${step.statementsDone + 1}`;
    throw new HalfAppliedError(
      message,
      `${fixInvalid || 'Check the database, then '}run ${how}.`,
      details,
    );
  }
  if (invalid.length > 0) {
    throw new HalfAppliedError(
      message,
      `${fixInvalid}run the command again with --resume.`,
      details,
    );
  }
  if (!inFlight || !step.inFlight) {
    if (rebuild?.drop) await db.query(rebuild.drop);
    return step;
  }
  if (decision === undefined)
    throw new UnitOutcomeUnknownError(
      step,
      inFlight.where,
      inFlight.statement.sql,
      verdict!.reason,
      cmd,
    );
  if (decision === 'rerun' && verdict?.drop) await db.query(verdict.drop);
  if (options.names) await db.query(resolveInFlightSql(options.names, step.revision, decision));
  const index = step.inFlight.statement;
  return {
    ...step,
    statementsDone: decision === 'skip' ? index + 1 : step.statementsDone,
    inFlight: undefined,
    settled: {
      revision: step.revision,
      statement: index,
      file: file?.file,
      line: inFlight.statement.source?.line,
      sql: inFlight.statement.sql,
      decision,
      by: options.unit ? 'operator' : 'catalog',
      reason: verdict?.reason ?? '',
    },
  };
}
