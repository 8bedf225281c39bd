import type { MigrationSource } from '../project/migration-source.js';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import type { Diagnostic, Severity } from '../core/lint/diagnostic.js';
import type { RevisionFile } from '../project/revision-files.js';
import { lintRevisions } from '../runner/lint-revisions.js';
import { createMigrationLoader } from '../runner/prepared-migration.js';
import { openPreparedCache } from '../project/prepared-cache.js';
import { loadProject } from '../project/load-project.js';

export interface LintCommandOptions {
  readonly config: ResolvedConfig;
  /**
   * Which revisions: omitted = all; `<rev>` = that revision only; `[start]:[end]` = a history
   * range (Alembic syntax: `ae10:heads`, `-3:`, `:ae10`).
   */
  readonly range?: string | undefined;
  /** Where the revisions come from; default the files of `config.migrationsDir`. */
  readonly source?: MigrationSource | undefined;
}

export interface LintResult {
  readonly range: string | undefined;
  readonly targetVersion: number;
  readonly revisions: number;
  readonly statements: number;
  readonly summary: Readonly<Record<Severity, number>>;
  /** Oldest revision first, then by line. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Lints the upgrade of every revision in the range with PostgreSQL's own parser.
 *
 * @example
 * const result = await lint({ config: await loadConfig() });
 * result.summary.error; // 0 when nothing blocks `upgrade`
 */
export async function lint(options: LintCommandOptions): Promise<LintResult> {
  const { config } = options;
  const { files: byId, graph, source } = await loadProject(config, options.source);
  let selected: RevisionFile[];
  const range = options.range?.trim();
  if (range === undefined || range === '') {
    selected = graph
      .iterate()
      .reverse()
      .flatMap((r) => fileOf(byId, r.id));
  } else if (range.includes(':')) {
    const colon = range.indexOf(':');
    selected = graph
      .iterate({
        lower: range.slice(0, colon) || undefined,
        upper: range.slice(colon + 1) || undefined,
      })
      .reverse()
      .flatMap((r) => fileOf(byId, r.id));
  } else {
    selected = fileOf(byId, graph.resolve(range).id);
  }
  const chosen = new Set(selected.map((f) => f.id));
  const prior =
    selected.length === 0
      ? []
      : graph
          .ancestors(selected.map((f) => f.id))
          .filter((id) => !chosen.has(id))
          .flatMap((id) => fileOf(byId, id));
  const cache = options.source ? undefined : openPreparedCache(config.rootDir);
  const report = await lintRevisions(selected, {
    config,
    prior,
    loader: createMigrationLoader(source, cache),
  }).finally(() => cache?.save());
  const summary = { error: 0, warning: 0, info: 0 };
  for (const d of report.diagnostics) summary[d.severity]++;
  return {
    range,
    targetVersion: config.lint.targetVersion,
    revisions: report.revisions,
    statements: report.statements,
    summary,
    diagnostics: report.diagnostics,
  };
}

function fileOf(byId: ReadonlyMap<string, RevisionFile>, id: string): RevisionFile[] {
  const file = byId.get(id);
  if (file === undefined) {
    throw new RetortError(
      'LINT_NO_FILE',
      ExitCode.Revision,
      `Revision ${id} has no file to lint.`,
      {
        hint: 'Check the migrations directory in retort.config.ts.',
      },
    );
  }
  return [file];
}
