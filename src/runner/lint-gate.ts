import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import type { Diagnostic } from '../core/lint/diagnostic.js';
import type { RevisionFile } from '../project/revision-files.js';
import { createLinter, type Linter } from '../core/lint/engine.js';
import type { Statement } from '../core/sql/statement.js';
import { toLintStatement } from '../parser/lint-input.js';
import { lintOptionsOf, lintRevisions } from './lint-revisions.js';
import type { MigrationLoader, PreparedMigration } from './prepared-migration.js';

/** `error` refuses error-level findings, `warn` reports them and runs, `off` skips linting. */
export type LintGateMode = 'error' | 'warn' | 'off';

export interface LintGateResult {
  readonly mode: LintGateMode;
  /** Every finding on the pending revisions (empty when the gate is off). */
  readonly diagnostics: readonly Diagnostic[];
  /** The error-level findings. */
  readonly errors: readonly Diagnostic[];
}

/** `upgrade` refused to run: error-level lint findings on pending revisions (exit 8). */
export class LintGateError extends RetortError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(errors: readonly Diagnostic[], when: 'before' | 'data' = 'before') {
    const first = errors[0];
    const where = first
      ? ` First: ${first.file ?? '?'}:${first.line}:${first.column} ${first.code} ${first.rule}: ${first.message}`
      : '';
    super(
      'LINT_GATE',
      ExitCode.Safety,
      when === 'before'
        ? `upgrade refused: ${errors.length} error-level lint finding${errors.length === 1 ? '' : 's'} in pending revisions; nothing was run.${where}`
        : `upgrade stopped: a statement produced by a data migration has ${errors.length} error-level lint finding${errors.length === 1 ? '' : 's'}; its transaction was rolled back and the statement was not sent.${where}`,
      {
        hint: 'Run `retort lint` for each finding and its safe alternative; fix the migration, suppress a finding with `-- retort-ignore <rule>: <reason>`, or run with --lint=warn to proceed anyway.',
        details: {
          findings: errors.map((d) => ({
            code: d.code,
            rule: d.rule,
            revision: d.revision,
            file: d.file,
            line: d.line,
            column: d.column,
            message: d.message,
          })),
        },
      },
    );
    this.diagnostics = errors;
  }
}

/**
 * The lint gate `upgrade` runs on the revisions it is about to apply, before executing anything.
 * Mode: the override (CLI `--lint`) or config `lint.gate`. Throws {@link LintGateError} (exit 8)
 * in `error` mode when an error-level finding remains; otherwise returns the findings so the
 * caller can show them.
 *
 * @example
 * const steps = planUpgrade(graph, headsBefore, target);
 * await lintPending({ config, files: steps.map((s) => files.get(s.revision.id)!) });
 */
export async function lintPending(options: {
  readonly config: ResolvedConfig;
  /** The pending revisions, in the order they will run. */
  readonly files: readonly RevisionFile[];
  readonly mode?: LintGateMode | undefined;
  /** Revisions already applied, oldest first (facts like a validated NOT NULL check carry over). */
  readonly applied?: readonly RevisionFile[];
  /** The run's loader: the gate lints the very units the runner will send. */
  readonly loader?: MigrationLoader;
}): Promise<LintGateResult> {
  const mode = options.mode ?? options.config.lint.gate;
  if (mode === 'off' || options.files.length === 0) return { mode, diagnostics: [], errors: [] };
  const { diagnostics } = await lintRevisions(options.files, {
    config: options.config,
    prior: options.applied ?? [],
    // A data migration is linted live, statement by statement, as it runs (liveLinter).
    skipData: true,
    ...(options.loader ? { loader: options.loader } : {}),
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (mode === 'error' && errors.length > 0) throw new LintGateError(errors);
  return { mode, diagnostics, errors };
}

/**
 * The gate for data migrations, which cannot be linted up front: each statement the migration
 * produces is linted, in the context of those it produced before, before the runner sends it.
 * An error-level finding throws LintGateError (in `error` mode), which rolls the migration's
 * transaction back.
 */
export function liveLinter(
  config: ResolvedConfig,
  mode: LintGateMode,
): (migration: PreparedMigration, statement: Statement) => void {
  if (mode !== 'error') return () => undefined;
  // One linter per migration, fed each statement as it comes: its findings are those the whole
  // migration's lint gives that statement (linear, where re-linting every statement sent so far
  // was quadratic).
  const linters = new WeakMap<PreparedMigration, Linter>();
  const options = lintOptionsOf(config);
  return (migration, statement) => {
    let linter = linters.get(migration);
    if (linter === undefined) {
      linter = createLinter({
        ...options,
        revision: migration.revision.id,
        file: migration.revision.file,
        transactional: migration.revision.transactional,
      });
      linters.set(migration, linter);
    }
    const errors = linter.lint(toLintStatement(statement)).filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new LintGateError(errors, 'data');
  };
}
