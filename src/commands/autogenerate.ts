import { readFile, writeFile } from 'node:fs/promises';
import { reverseChanges, isDestructive } from '../core/changes/reverse-change.js';
import { describeChange } from '../core/changes/describe-change.js';
import type { Plan } from '../core/codegen/plan.js';
import { diffSchemas } from '../core/diff/diff-schemas.js';
import { partitionedTableKeys } from '../core/model/partitions.js';
import {
  findRenameCandidates,
  mergeRenames,
  renameHints,
  type RenameCandidate,
  type RenameDecisions,
  type RenameResolver,
} from '../core/diff/rename-decisions.js';
import { parseRenameFlags } from '../core/diff/rename-flags.js';
import type { RevisionOptions, RevisionResult } from './revision.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { currentSchema, declaredSchema, pendingRevisions } from './schema-sources.js';

export interface AutogenerateOptions extends Omit<RevisionOptions, 'body'> {
  /** Compare with the configured database instead of replaying the migrations. */
  readonly fromDb?: boolean;
  /** `--rename old:new` flags: `people:users` (table) or `users.name:full_name` (column). */
  readonly renames?: readonly string[];
  /** Asks about renames nobody decided (a TTY prompt in the CLI); absent: drop and add. */
  readonly resolveRename?: RenameResolver;
}

export interface AutogenerateResult {
  /** False when the schemas are identical: nothing was written. */
  readonly written: boolean;
  readonly revision?: RevisionResult;
  readonly compared: 'database' | 'migrations';
  readonly changes: readonly { description: string; destructive: boolean }[];
  /** Drop-and-add pairs that could have been renames (pass --rename to make them so). */
  readonly undecidedRenames: readonly RenameCandidate[];
}

/**
 * `retort revision --autogenerate`: diffs the declaration against the schema at head (replayed
 * into a scratch PGlite, or the configured database with `fromDb`) and writes a revision whose
 * upgrade and downgrade are op calls. Writes nothing when there is no difference.
 *
 * @example
 * const result = await autogenerate({ config, message: 'add plans', renames: ['people:users'] });
 */
export async function autogenerate(options: AutogenerateOptions): Promise<AutogenerateResult> {
  const { config } = options;
  const compared = options.fromDb ? 'database' : 'migrations';
  if (options.fromDb) {
    // As Alembic: a revision diffed against a database behind head would repeat pending changes.
    const pending = await pendingRevisions(config);
    if (pending.length > 0) throw new DatabaseNotAtHeadError(pending);
  }
  const declared = await declaredSchema(config);
  const current = await currentSchema(config, compared, declared);
  const flags = parseRenameFlags(options.renames ?? [], current);
  let decided: RenameDecisions = mergeRenames(renameHints(declared), flags);
  const candidates = findRenameCandidates(current, declared, decided);
  const undecided: RenameCandidate[] = [];
  for (const candidate of candidates) {
    const taken =
      candidate.kind === 'table'
        ? Object.values(decided.tables ?? {}).includes(candidate.to) ||
          Object.keys(decided.tables ?? {}).includes(candidate.from)
        : Object.keys(decided.columns ?? {}).includes(`${keyOf(candidate)}.${candidate.from}`) ||
          Object.entries(decided.columns ?? {}).some(
            ([k, v]) => k.startsWith(`${keyOf(candidate)}.`) && v === candidate.to,
          );
    if (taken) continue;
    if (options.resolveRename && (await options.resolveRename(candidate))) {
      decided = mergeRenames(
        decided,
        candidate.kind === 'table'
          ? { tables: { [keyOf({ ...candidate, table: candidate.from })]: candidate.to } }
          : { columns: { [`${keyOf(candidate)}.${candidate.from}`]: candidate.to } },
      );
    } else {
      undecided.push(candidate);
    }
  }
  const changes = diffSchemas(current, declared, { renames: decided });
  const summary = changes.map((c) => ({
    description: describeChange(c),
    destructive: isDestructive(c),
  }));
  if (changes.length === 0) return { written: false, compared, changes: [], undecidedRenames: [] };

  // Code generation, the renderer and the revision writer only when there is something to write:
  // a warm run that finds nothing loads none of them.
  const [{ planToTs }, { planToSql }, { planChanges }, { revision }] = await Promise.all([
    import('../core/codegen/changes-to-ops.js'),
    import('../core/codegen/changes-to-sql.js'),
    import('../core/codegen/plan.js'),
    import('./revision.js'),
  ]);
  const context = {
    enums: [...declared.enums, ...current.enums],
    partitioned: partitionedTableKeys(declared, current),
  };
  const down = reverseChanges(changes);
  const upPlan = planChanges(changes, context);
  const downPlan = planChanges(down, context);
  const write = (plan: Plan): string =>
    lintHeader(plan, options.sql ? '--' : '//') + (options.sql ? planToSql(plan) : planToTs(plan));
  const upgrade = write(upPlan);
  const downgrade = write(downPlan);
  const { resolveRename: _r, fromDb: _f, renames: _n, ...revisionOptions } = options;
  const written = await revision({ ...revisionOptions, body: { upgrade, downgrade } });
  if (!options.sql && `${upgrade}\n${downgrade}`.includes('sql`')) await importSql(written.path);
  return {
    written: true,
    revision: written,
    compared,
    changes: summary,
    undecidedRenames: undecided,
  };
}

/** `--from-db` against a database with revisions not applied yet. */
export class DatabaseNotAtHeadError extends RetortError {
  constructor(pending: readonly string[]) {
    super(
      'DATABASE_NOT_AT_HEAD',
      ExitCode.Safety,
      `Target database is not up to date: ${pending.length} revision(s) not applied (${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''}). A revision diffed against it would repeat their changes.`,
      {
        hint: 'Run `retort upgrade head` first, or autogenerate against the migrations (without --from-db).',
        details: { pending },
      },
    );
  }
}

/**
 * The note above a generated body whose operations carry `lintIgnore` (changes with no
 * lint-clean form): the user reads what they lock before `upgrade` runs them.
 */
function lintHeader(plan: Plan, comment: string): string {
  const unsafe = plan.now.filter((b) => b.unsafe !== undefined);
  if (unsafe.length === 0) return '';
  const lines = [
    `${comment} LINT IGNORED: ${unsafe.length} change(s) below carry lintIgnore: the linter cannot tell`,
    `${comment} they are safe, or no lint-clean form exists. Review what each one locks before upgrade:`,
    ...unsafe.flatMap((b) => (b.unsafe ?? []).map((s) => `${comment} - ${s.rule}: ${s.reason}`)),
  ];
  return `${lines.join('\n')}\n`;
}

const keyOf = (c: { schema: string; table: string }): string =>
  c.schema === 'public' ? c.table : `${c.schema}.${c.table}`;

/** The generated body uses sql`…`: add it to the file's import from 'retort-pg'. */
async function importSql(path: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  await writeFile(
    path,
    text.replace(
      "import { defineMigration } from 'retort-pg';",
      "import { defineMigration, sql } from 'retort-pg';",
    ),
  );
}
