import type { Command } from 'commander';
import type { MigrateResult } from '../../runner/migrate.js';
import { ExitCode, RetortError } from '../../core/errors.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { formatMs, progressPrinter } from '../progress.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The summary after a run, or the script with --sql. Pure. */
export function renderMigrate(result: MigrateResult): string {
  if (result.sql !== undefined) return result.sql;
  const verb = result.direction === 'up' ? 'Upgraded' : 'Downgraded';
  const heads = result.headsAfter.length > 0 ? result.headsAfter.join(', ') : 'base';
  const lines: string[] = [];
  if (result.acceptedChecksums)
    lines.push(`Accepted the edited file of ${result.acceptedChecksums.join(', ')}.`);
  if (result.resumed) lines.push(`Resumed ${result.resumed}.`);
  if (result.lint)
    lines.push(
      `Lint: ${result.lint.errors} error(s), ${result.lint.warnings} warning(s) in the pending revisions (gate: ${result.lint.mode}); run \`retort lint\` for details.`,
    );
  lines.push(
    result.steps.length === 0
      ? `Nothing to do: already at ${heads}.`
      : `${verb} ${result.steps.length} revision${result.steps.length === 1 ? '' : 's'} in ${formatMs(result.durationMs)}; now at ${heads}.`,
  );
  return lines.join('\n');
}

interface MigrateFlags {
  lint?: 'error' | 'warn' | 'off';
  sql?: boolean;
  resume?: boolean;
  acceptChecksum?: string[];
}

function lintMode(value: string | undefined): 'error' | 'warn' | 'off' | undefined {
  if (value === undefined || value === 'error' || value === 'warn' || value === 'off') return value;
  throw new RetortError('LINT_GATE_MODE', ExitCode.Usage, `Unknown --lint mode '${value}'.`, {
    hint: 'Use --lint=error, --lint=warn or --lint=off.',
  });
}

/** Shared by upgrade and downgrade. */
export function registerMigrateVerb(program: Command, direction: 'up' | 'down'): void {
  const name = direction === 'up' ? 'upgrade' : 'downgrade';
  const verb = program
    .command(name)
    .description(
      direction === 'up'
        ? 'apply revisions up to TARGET (head, a revision, +N)'
        : 'revert revisions down to TARGET (base, a revision, -N)',
    )
    .argument(
      '<target>',
      direction === 'up'
        ? 'head, heads, a revision, +N; start:end with --sql'
        : 'base, a revision, -N; start:end with --sql',
    )
    .option('--sql', 'print the SQL script instead of running it (no database connection)')
    .option('--resume', 'continue a migration an earlier run left half done');
  // Only upgrade lints what it is about to run; downgrade has no gate, so no --lint.
  if (direction === 'up')
    verb.option(
      '--lint <mode>',
      'lint gate on pending revisions: error (refuse error-level findings), warn, off; default config lint.gate',
    );
  verb
    .option(
      '--accept-checksum <rev>',
      'accept the edited file of an applied revision (repeatable)',
      collect,
    )
    .option('--json', 'print the result as JSON')
    .action(async (target: string, _opts: unknown, command: Command) => {
      const flags = allOptions<MigrateFlags>(command);
      const progress = progressPrinter();
      const { migrate } = await import('../../runner/migrate.js');
      await runVerb(
        command,
        async () => {
          try {
            return await migrate({
              config: await projectConfig(command),
              direction,
              target,
              sql: flags.sql,
              resume: flags.resume,
              acceptChecksums: flags.acceptChecksum,
              lint: lintMode(flags.lint),
              ...(flags.json || flags.sql ? {} : { onEvent: progress.onEvent }),
            });
          } finally {
            progress.stop();
          }
        },
        renderMigrate,
      );
    });
}

export function register(program: Command): void {
  registerMigrateVerb(program, 'up');
}
