import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../core/config.js';
import type { Diagnostic, LintStatement } from '../core/lint/diagnostic.js';
import { createLinter, type LintOptions } from '../core/lint/engine.js';
import { createLintSession, type LintSession } from '../core/lint/lint-session.js';
import { addingNotNullableField } from '../core/lint/rules/adding-not-nullable-field.js';
import { invalidSuppression } from '../core/lint/suppression-rules.js';
import { InvalidLintIgnoreError } from '../core/ops/op-errors.js';
import type { Statement } from '../core/sql/statement.js';
import { loadParser } from '../parser/parse-sql.js';
import { toLintStatement } from '../parser/lint-input.js';
import type { RevisionFile } from '../project/revision-files.js';
import {
  createMigrationLoader,
  type MigrationLoader,
  type PreparedMigration,
} from './prepared-migration.js';

/** What linting a set of revisions found. */
export interface RevisionLintReport {
  /** Findings, in revision order (oldest first), then by line. */
  readonly diagnostics: Diagnostic[];
  readonly revisions: number;
  readonly statements: number;
}

/** The lint settings of a resolved config, as `lintStatements` options. */
export function lintOptionsOf(config: ResolvedConfig): LintOptions {
  return {
    targetVersion: config.lint.targetVersion,
    rules: config.lint.rules,
    lockTimeoutMs: config.run.lockTimeoutMs,
    statementTimeoutMs: config.run.statementTimeoutMs,
  };
}

/**
 * Lints the upgrade of each revision, oldest first, exactly as the runner runs it: the units of
 * its prepared migration (the same statements and transaction boundaries the runner sends and
 * `--sql` prints). Facts proven by one revision (a validated NOT NULL check) carry to the next.
 * A data migration is linted as recorded with every `op.query` answering no rows (`upgrade`
 * lints it live instead, statement by statement, as it runs).
 *
 * @example
 * const report = await lintRevisions(files, { config, loader: createMigrationLoader() });
 * report.diagnostics.filter((d) => d.severity === 'error');
 */
export async function lintRevisions(
  files: readonly RevisionFile[],
  options: {
    config: ResolvedConfig;
    /** The run's loader (its prepared migrations are the ones the runner executes). */
    loader?: MigrationLoader;
    /**
     * Revisions applied before `files` (oldest first). Read only when a finding might depend on
     * them (a SET NOT NULL that a check validated earlier would prove), so the common case
     * costs nothing.
     */
    prior?: readonly RevisionFile[];
    /** Skip data migrations (the runner lints them live). Default false: dry-record them. */
    skipData?: boolean;
  },
): Promise<RevisionLintReport> {
  await loadParser();
  const loader = options.loader ?? createMigrationLoader();
  const run = (session: LintSession, only: readonly RevisionFile[], ruleSet?: 'facts') =>
    lintWithSession(only, options.config, session, loader, options.skipData === true, ruleSet);
  const first = await run(createLintSession(), files);
  const prior = options.prior ?? [];
  if (
    prior.length === 0 ||
    !first.diagnostics.some((d) => d.rule === addingNotNullableField.name)
  ) {
    return first;
  }
  const session = createLintSession();
  // Facts only: no rule runs on revisions already applied.
  await run(session, prior, 'facts').catch(() => undefined);
  return run(session, files);
}

async function lintWithSession(
  files: readonly RevisionFile[],
  config: ResolvedConfig,
  session: LintSession,
  loader: MigrationLoader,
  skipData: boolean,
  factsOnly?: 'facts',
): Promise<RevisionLintReport> {
  const base = lintOptionsOf(config);
  const diagnostics: Diagnostic[] = [];
  let statements = 0;
  for (const file of files) {
    // The verdict of an unchanged SQL revision under the same config and incoming facts.
    const cache = loader.cache;
    const cacheKey = await loader.cacheKey(file, 'up');
    const lintKey =
      cache && cacheKey
        ? createHash('sha256')
            .update(
              JSON.stringify([
                base,
                file.transactional,
                factsOnly ?? 'rules',
                [...session.notNullChecks].sort(),
                [...session.provenNotNull].sort(),
              ]),
            )
            .digest('hex')
            .slice(0, 32)
        : undefined;
    const cached = lintKey ? cache!.verdict(cacheKey!, lintKey) : undefined;
    if (cached) {
      statements +=
        cache!.statementCount(cacheKey!) ?? (await loader.prepare(file, 'up')).statements.length;
      for (const [k, v] of cached.notNullChecks) session.notNullChecks.set(k, v);
      for (const c of cached.provenNotNull) session.provenNotNull.add(c);
      diagnostics.push(
        ...cached.diagnostics.map((d) => ({ ...d, revision: file.id, file: file.file })),
      );
      continue;
    }
    const before = {
      checks: new Set(session.notNullChecks.keys()),
      proven: new Set(session.provenNotNull),
    };
    const linter = createLinter({
      ...base,
      session,
      revision: file.id,
      file: file.file,
      transactional: file.transactional,
      ...(factsOnly ? { ruleSet: [] } : {}),
    });
    let prepared: PreparedMigration;
    try {
      prepared = await lintWalk(loader, file, !skipData, (statement) => linter.lint(statement));
    } catch (error) {
      // A suppression without a reason in an op call: the runner refuses the file too; report it
      // as a finding so the rest of the project is still linted.
      if (!(error instanceof InvalidLintIgnoreError)) throw error;
      diagnostics.push(invalidSuppressionFinding(file, error));
      continue;
    }
    // A data migration the runner lints live, statement by statement, as it runs.
    if (prepared.data) continue;
    statements += prepared.statements.length;
    const found = linter.finish(prepared.strayIgnores);
    diagnostics.push(...found);
    if (lintKey) {
      cache!.setVerdict(cacheKey!, lintKey, {
        diagnostics: found,
        notNullChecks: [...session.notNullChecks].filter(([k]) => !before.checks.has(k)),
        provenNotNull: [...session.provenNotNull].filter((c) => !before.proven.has(c)),
      });
    }
  }
  return { diagnostics, revisions: files.length, statements };
}

/**
 * What the linter reads of a revision's upgrade: the statements of the units the runner runs
 * (the same statements and transaction boundaries it sends and `--sql` prints), with their parse
 * trees, one at a time (see `MigrationLoader.withTrees`), each placed on its line (a TypeScript
 * revision's on its op call). `dry`: a data migration is recorded with every `op.query`
 * answering no rows; else it is returned (`data`) with nothing visited.
 *
 * @example
 * const prepared = await lintWalk(loader, file, true, (s) => linter.lint(s));
 */
export async function lintWalk(
  loader: MigrationLoader,
  file: RevisionFile,
  dry: boolean,
  visit: (statement: LintStatement) => void,
): Promise<PreparedMigration> {
  const lineOf = file.format === 'ts' ? opCallLines(await loader.text(file)) : undefined;
  return loader.withTrees(file, 'up', (statement) => visit(toLintStatement(statement, lineOf)), {
    dry,
  });
}

/**
 * Places rendered statements on their op call in a TypeScript migration: the k-th statement
 * made by `op.createIndex` goes to the k-th `.createIndex(` in the file (the last one when an op
 * made several statements). A heuristic: the op recorder does not capture call sites.
 */
function opCallLines(text: string): (statement: Statement) => number {
  const seen = new Map<string, number>();
  const cache = new Map<string, number[]>();
  return (statement) => {
    const op = statement.source?.op;
    if (op === undefined) return 1;
    let lines = cache.get(op);
    if (lines === undefined) {
      lines = [];
      const pattern = new RegExp(`\\.${op}\\s*\\(`, 'g');
      for (const m of text.matchAll(pattern)) {
        lines.push(text.slice(0, m.index).split('\n').length);
      }
      cache.set(op, lines);
    }
    const k = seen.get(op) ?? 0;
    seen.set(op, k + 1);
    return lines[Math.min(k, lines.length - 1)] ?? 1;
  };
}

function invalidSuppressionFinding(file: RevisionFile, error: InvalidLintIgnoreError): Diagnostic {
  const line = typeof error.details?.['line'] === 'number' ? error.details['line'] : 1;
  return {
    code: invalidSuppression.code,
    rule: invalidSuppression.name,
    severity: 'error',
    revision: file.id,
    file: file.file,
    line,
    column: 1,
    statement: '',
    message: error.message,
    impact: 'retort refuses to run this migration until the suppression says why.',
    safeAlternative: error.hint ?? "lintIgnore: { rule: '…', reason: '…' }",
  };
}
