import type { Command } from 'commander';
import type { HistoryResult } from '../../commands/history.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { formatLogEntry, formatOneLine } from '../render-revisions.js';

export function renderHistory(result: HistoryResult): string {
  return result.entries
    .map((entry) =>
      result.verbose
        ? formatLogEntry(entry, entry.current)
        : formatOneLine(entry, {
            branches: true,
            doc: true,
            parents: true,
            current: entry.current,
          }),
    )
    .join('\n');
}

export function register(program: Command): void {
  program
    .command('history')
    .description('list revisions newest first (reads files only, never the database)')
    .option('-r, --rev-range <range>', 'range [start]:[end], e.g. base:head, ae1027:, :ae1027, -3:')
    .option('-v, --verbose', 'show the full entry of each revision')
    .option('-i, --indicate-current', "mark the database's current revisions (connects to it)")
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = allOptions<{
        revRange?: string;
        verbose?: boolean;
        indicateCurrent?: boolean;
      }>(command);
      await runVerb(
        command,
        async () => {
          const { history } = await import('../../commands/history.js');
          const config = await projectConfig(command);
          const currentHeads = opts.indicateCurrent
            ? await (await import('../../commands/current.js')).readCurrentHeads(config)
            : undefined;
          return history({
            config,
            ...(currentHeads === undefined ? {} : { currentHeads }),
            verbose: opts.verbose ?? false,
            ...(opts.revRange === undefined ? {} : { range: opts.revRange }),
          });
        },
        renderHistory,
      );
    });
}
