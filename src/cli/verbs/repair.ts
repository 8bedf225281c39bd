import type { Command } from 'commander';
import type { RepairResult } from '../../commands/repair.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { unitDecision } from './upgrade.js';

/** The half-done steps, each with its in-flight statement and backend; then what was resolved. */
export function renderRepair(result: RepairResult): string {
  const lines: string[] = [];
  for (const pid of result.terminated ?? [])
    lines.push(`Terminated the backend of another run (pid ${pid}).`);
  if (result.resolved) {
    const r = result.resolved;
    lines.push(
      r.action === 'mark-done'
        ? `Recorded ${r.revision} as done (nothing ran).`
        : r.action === 'skip'
          ? `Counted the in-flight statement of ${r.revision} as applied: \`--resume\` continues after it.`
          : `The in-flight statement of ${r.revision} will run again on \`--resume\`${r.dropped ? ` (dropped first: ${r.dropped})` : ''}.`,
    );
  }
  if (result.halfDone.length === 0) {
    lines.push(`Nothing is half done in ${result.database}.`);
    return lines.join('\n');
  }
  for (const e of result.halfDone) {
    const verb = e.direction === 'up' ? 'upgrade' : 'downgrade';
    lines.push(
      `${e.revision} (${e.file ?? 'no file'}): ${verb} half done since ${e.startedAt}, ${e.statementsDone} of ${e.statementsTotal} statements done`,
      `  run ${e.runId ?? '(not recorded)'}, backend pid ${e.backendPid ?? '?'}: ${e.backend ? `still alive (${e.backend.state}${e.backend.queryStart ? `, query since ${e.backend.queryStart}` : ''})` : 'gone'}`,
    );
    if (e.inFlight) {
      lines.push(
        `  in flight: statement ${e.inFlight.statement + 1} (${e.inFlight.where}): ${e.inFlight.sql.split('\n')[0]}`,
        `  catalog: ${e.inFlight.verdict.reason} (${e.inFlight.verdict.outcome})`,
      );
    }
    const next = e.backend
      ? 'wait for the backend to finish, or `retort repair --terminate-orphans`'
      : e.inFlight
        ? e.inFlight.verdict.outcome === 'unknown'
          ? `check the data, then \`retort repair --rerun-unit\` or \`retort repair --skip-unit\` (or \`retort ${verb} <target> --resume --rerun-unit|--skip-unit\`)`
          : `\`retort ${verb} <target> --resume\` settles it from the catalog`
        : `\`retort ${verb} <target> --resume\`, or \`retort repair --mark-done\` if it was finished by hand`;
    lines.push(`  next: ${next}`);
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('repair')
    .description('list migrations an earlier run left half done, and resolve one explicitly')
    .option(
      '--rerun-unit',
      'the statement that was in flight runs again on the next --resume (an INVALID index it left is dropped)',
    )
    .option('--skip-unit', 'count the statement that was in flight as applied')
    .option('--mark-done', 'record the half-done migration as finished (nothing runs)')
    .option(
      '--terminate-orphans',
      "end (pg_terminate_backend) an earlier run's server backend that is still executing",
    )
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const flags = allOptions<{
        rerunUnit?: boolean;
        skipUnit?: boolean;
        markDone?: boolean;
        terminateOrphans?: boolean;
      }>(command);
      const { repair } = await import('../../commands/repair.js');
      await runVerb(
        command,
        async () =>
          repair({
            config: await projectConfig(command),
            unit: unitDecision(flags),
            markDone: flags.markDone === true,
            terminateOrphans: flags.terminateOrphans === true,
          }),
        renderRepair,
      );
    });
}
