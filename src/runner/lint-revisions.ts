import { readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../core/config.js';
import type { Diagnostic, LintStatement } from '../core/lint/diagnostic.js';
import { lintStatements, type LintOptions } from '../core/lint/engine.js';
import { createLintSession, type LintSession } from '../core/lint/lint-session.js';
import { addingNotNullableField } from '../core/lint/rules/adding-not-nullable-field.js';
import { invalidSuppression } from '../core/lint/suppression-rules.js';
import { InvalidLintIgnoreError } from '../core/ops/op-errors.js';
import type { Statement } from '../core/sql/statement.js';
import { loadParser } from '../parser/parse-sql.js';
import { renderedToLintStatements, sqlToLintInput } from '../parser/lint-input.js';
import { readSqlMigrationBody, type RevisionFile } from '../project/revision-files.js';
import { loadMigration } from './load-migration.js';

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
 * Lints the upgrade of each revision, oldest first, exactly as the runner would run it: SQL
 * files through their upgrade section, TypeScript files by recording their op calls. Facts
 * proven by one revision (a validated NOT NULL check) carry to the next.
 *
 * @example
 * const report = await lintRevisions(files, { config });
 * report.diagnostics.filter((d) => d.severity === 'error');
 */
export async function lintRevisions(
  files: readonly RevisionFile[],
  options: {
    config: ResolvedConfig;
    /**
     * Revisions applied before `files` (oldest first). Read only when a finding might depend on
     * them (a SET NOT NULL that a check validated earlier would prove), so the common case
     * costs nothing.
     */
    prior?: readonly RevisionFile[];
  },
): Promise<RevisionLintReport> {
  await loadParser();
  const first = await lintWithSession(files, options.config, createLintSession());
  const prior = options.prior ?? [];
  if (
    prior.length === 0 ||
    !first.diagnostics.some((d) => d.rule === addingNotNullableField.name)
  ) {
    return first;
  }
  const session = createLintSession();
  for (const file of prior) {
    // Facts only: no rule runs on revisions already applied.
    const input = await lintInputOf(file).catch(() => undefined);
    if (input)
      lintStatements(input.statements, { session, transactional: file.transactional, ruleSet: [] });
  }
  return lintWithSession(files, options.config, session);
}

async function lintWithSession(
  files: readonly RevisionFile[],
  config: ResolvedConfig,
  session: LintSession,
): Promise<RevisionLintReport> {
  const base = lintOptionsOf(config);
  const diagnostics: Diagnostic[] = [];
  let statements = 0;
  for (const file of files) {
    const context = { ...base, session, revision: file.id, file: file.file };
    let input: { statements: LintStatement[]; strayIgnores: { line: number; text: string }[] };
    try {
      input = await lintInputOf(file);
    } catch (error) {
      // A suppression without a reason in an op call: the runner refuses the file too; report it
      // as a finding so the rest of the project is still linted.
      if (!(error instanceof InvalidLintIgnoreError)) throw error;
      diagnostics.push(invalidSuppressionFinding(file, error));
      continue;
    }
    statements += input.statements.length;
    diagnostics.push(
      ...lintStatements(input.statements, {
        ...context,
        transactional: file.transactional,
        strayIgnores: input.strayIgnores,
      }),
    );
  }
  return { diagnostics, revisions: files.length, statements };
}

async function lintInputOf(
  file: RevisionFile,
): Promise<{ statements: LintStatement[]; strayIgnores: { line: number; text: string }[] }> {
  if (file.format === 'sql') {
    // Synchronous reads: a thousand small files read one by one are several times faster so.
    const text = readFileSync(file.absolutePath, 'utf8');
    const body = readSqlMigrationBody(text, file.file);
    return sqlToLintInput(body.upgrade, { file: file.file, lineOffset: body.upgradeLine - 1 });
  }
  // A data migration's op.query needs a database; the linter answers every query with no rows
  // and lints the statements recorded around it (and the query itself), with the migration's own
  // console output silenced.
  const recorded: Statement[] = [];
  const query = async (
    pending: readonly Statement[],
    sql: string,
  ): Promise<Record<string, unknown>[]> => {
    recorded.push(...pending, {
      sql,
      transactional: true,
      source: { file: file.file, op: 'query' },
    });
    return [];
  };
  const loaded = await quietly(() => loadMigration(file, 'up', query));
  const text = readFileSync(file.absolutePath, 'utf8');
  return {
    statements: renderedToLintStatements([...recorded, ...loaded.statements], {
      file: file.file,
      lineOf: opCallLines(text),
    }),
    strayIgnores: [],
  };
}

/** Runs `fn` with console.log/info/warn silenced (a migration's own progress messages). */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, warn: console.warn };
  const mute = (): void => undefined;
  console.log = console.info = console.warn = mute;
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
  }
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
