import type { Command } from 'commander';
import type { MigrateResult } from '../../runner/migrate.js';
import { ExitCode, RetortError } from '../../core/errors.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { addFleetOptions, fleetRequested, runFleetMigrate, type FleetFlags } from '../fleet-cli.js';
import { formatMs, progressPrinter } from '../progress.js';
import { collect } from '../output.js';

/** The summary after a run, or the script with --sql. Pure. */
export function renderMigrate(result: MigrateResult & { backup?: string }): string {
  if (result.sql !== undefined) return result.sql;
  const verb = result.direction === 'up' ? 'Upgraded' : 'Downgraded';
  const heads = result.headsAfter.length > 0 ? result.headsAfter.join(', ') : 'base';
  const lines: string[] = [];
  if (result.acceptedChecksums)
    lines.push(`Accepted the edited file of ${result.acceptedChecksums.join(', ')}.`);
  for (const o of result.orphans ?? [])
    lines.push(
      `${o.action === 'terminate' ? 'Terminated' : 'Waited for'} the backend of another run (pid ${o.pid}, run ${o.runId}).`,
    );
  const settled = result.settled;
  if (settled)
    lines.push(
      `Statement ${settled.statement + 1} of ${settled.revision} (${settled.file ?? ''}${settled.line === undefined ? '' : `:${settled.line}`}) was in flight when an earlier run stopped: ${settled.by === 'operator' ? `--${settled.decision}-unit` : settled.reason}, so it was ${settled.decision === 'skip' ? 'counted as done' : 'run again'}.`,
    );
  if (result.resumed) lines.push(`Resumed ${result.resumed}.`);
  const stale = result.lock?.tookOver;
  if (stale)
    lines.push(
      `Took over the expired migration lease of ${stale.holder} (run ${stale.runId}, expired ${stale.expiredAt}).`,
    );
  if (result.lint)
    lines.push(
      `Lint: ${result.lint.errors} error(s), ${result.lint.warnings} warning(s) in the pending revisions (gate: ${result.lint.mode}); run \`retort lint\` for details.`,
    );
  lines.push(
    result.steps.length === 0
      ? `Nothing to do: already at ${heads}.`
      : `${verb} ${result.steps.length} revision${result.steps.length === 1 ? '' : 's'} in ${formatMs(result.durationMs)}; now at ${heads}.`,
  );
  if (result.backup !== undefined)
    lines.push(
      `Backup taken first: ${result.backup} (\`retort restore ${result.backup}\` into an empty database).`,
    );
  return lines.join('\n');
}

interface MigrateFlags extends FleetFlags {
  backup?: boolean;
  lint?: 'error' | 'warn' | 'off';
  sql?: boolean;
  resume?: boolean;
  rerunUnit?: boolean;
  skipUnit?: boolean;
  terminateOrphans?: boolean;
  acceptChecksum?: string[];
}

/** `--rerun-unit` / `--skip-unit` (one at most). */
export function unitDecision(flags: {
  rerunUnit?: boolean;
  skipUnit?: boolean;
}): 'rerun' | 'skip' | undefined {
  if (flags.rerunUnit && flags.skipUnit)
    throw new RetortError(
      'UNIT_DECISION_CONFLICT',
      ExitCode.Usage,
      '--rerun-unit and --skip-unit contradict each other.',
      { hint: 'Say one: run the in-flight statement again, or count it as applied.' },
    );
  return flags.rerunUnit ? 'rerun' : flags.skipUnit ? 'skip' : undefined;
}

function lintMode(value: string | undefined): 'error' | 'warn' | 'off' | undefined {
  if (value === undefined || value === 'error' || value === 'warn' || value === 'off') return value;
  throw new RetortError('LINT_GATE_MODE', ExitCode.Usage, `Unknown --lint mode '${value}'.`, {
    hint: 'Use --lint=error, --lint=warn or --lint=off.',
  });
}

/**
 * SIGINT / SIGTERM during a run: the first aborts it (the running statement is cancelled on the
 * server, its transaction rolled back, the error says where the database stands) and the exit
 * code becomes 130 / 143; a second one exits at once.
 */
function interruptHandler(stopProgress: () => void): {
  signal: AbortSignal;
  finish(): void;
} {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const exitCodeOf = (signal: NodeJS.Signals): number => (signal === 'SIGTERM' ? 143 : 130);
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) {
      stopProgress();
      process.stderr.write(
        `\n${signal} again: exiting now. The statement that was running may still be running or committing on the server; run \`retort current\` to see where the database stands.\n`,
      );
      process.exit(exitCodeOf(signal));
    }
    received = signal;
    stopProgress();
    process.stderr.write(
      `\n${signal}: cancelling the running statement on the server and rolling back (press Ctrl-C again to exit at once)…\n`,
    );
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    finish() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (received !== undefined) process.exitCode = exitCodeOf(received);
    },
  };
}

/** Shared by upgrade and downgrade. */
export function registerMigrateVerb(program: Command, direction: 'up' | 'down'): void {
  const name = direction === 'up' ? 'upgrade' : 'downgrade';
  const command = program
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
    .option('--resume', 'continue a migration an earlier run left half done')
    .option(
      '--rerun-unit',
      'with --resume: run again the statement an earlier run died in (its outcome unknown)',
    )
    .option(
      '--skip-unit',
      'with --resume: count the statement an earlier run died in as applied and continue after it',
    )
    .option(
      '--terminate-orphans',
      "end (pg_terminate_backend) an earlier run's server backend still executing, instead of waiting for it",
    );
  // Only upgrade lints what it is about to run and can take a backup first; downgrade has neither.
  if (direction === 'up')
    command
      .option('--backup', 'write a plain-SQL backup (retort backup) before applying anything')
      .option(
        '--lint <mode>',
        'lint gate on pending revisions: error (refuse error-level findings), warn, off; default config lint.gate',
      );
  command
    .option(
      '--accept-checksum <rev>',
      'accept the edited file of an applied revision (repeatable)',
      collect,
    )
    .option('--json', 'print the result as JSON');
  addFleetOptions(command, true).action(
    async (target: string, _opts: unknown, command: Command) => {
      const flags = allOptions<MigrateFlags>(command);
      if (fleetRequested(flags)) {
        if (flags.rerunUnit || flags.skipUnit || flags.terminateOrphans)
          return runVerb(
            command,
            async () => {
              throw new RetortError(
                'FLEET_UNIT_DECISION',
                ExitCode.Usage,
                '--rerun-unit, --skip-unit and --terminate-orphans decide for one database, not a fleet.',
                {
                  hint: 'Run `retort repair` (or the upgrade) against that one database (DATABASE_URL), then migrate the fleet.',
                },
              );
            },
            () => '',
          );
        return runFleetMigrate(command, direction, target, flags, lintMode(flags.lint));
      }
      const progress = progressPrinter();
      const { migrate } = await import('../../runner/migrate.js');
      const interrupt = flags.sql ? undefined : interruptHandler(progress.stop);
      await runVerb(
        command,
        async () => {
          try {
            const config = await projectConfig(command);
            const backup =
              flags.backup === true && direction === 'up' && flags.sql !== true
                ? await (await import('../upgrade-backup.js')).backupFirst(config)
                : undefined;
            const result = await migrate({
              config,
              direction,
              target,
              sql: flags.sql,
              resume: flags.resume,
              unit: unitDecision(flags),
              terminateOrphans: flags.terminateOrphans,
              acceptChecksums: flags.acceptChecksum,
              lint: lintMode(flags.lint),
              ...(flags.json || flags.sql ? {} : { onEvent: progress.onEvent }),
              ...(interrupt ? { signal: interrupt.signal } : {}),
            });
            return backup === undefined ? result : { ...result, backup };
          } finally {
            progress.stop();
          }
        },
        renderMigrate,
      );
      interrupt?.finish();
    },
  );
}

export function register(program: Command): void {
  registerMigrateVerb(program, 'up');
}
