import type { Command } from 'commander';
import type { LogResult } from '../../commands/log.js';
import { allOptions, projectConfig, runVerb } from '../context.js';

/** One line per history row, newest first: when, direction, revision, message, outcome. */
export function renderLog(result: LogResult): string {
  if (result.entries.length === 0) return `(no history yet in ${result.historyTable})`;
  return result.entries
    .map((e) => {
      const when = e.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
      const took = e.durationMs === null ? '' : `, ${e.durationMs} ms`;
      const progress =
        e.statementsTotal > 0 ? `, ${e.statementsDone}/${e.statementsTotal} statements` : '';
      const message = e.message === undefined ? '' : `  ${e.message}`;
      return `${when}  ${e.direction.padEnd(5)} ${e.revision}${message}  (${e.status}${took}${progress}; retort ${e.toolVersion})`;
    })
    .join('\n');
}

export function register(program: Command): void {
  program
    .command('log')
    .description('show the history table: every upgrade, downgrade and stamp, newest first')
    .option('-n, --limit <n>', 'how many rows (default 20)', '20')
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const { limit } = allOptions<{ limit: string }>(command);
      await runVerb(
        command,
        async () => {
          const n = Number(limit);
          if (!Number.isInteger(n) || n < 1) {
            const { ExitCode, RetortError } = await import('../../core/errors.js');
            throw new RetortError(
              'USAGE',
              ExitCode.Usage,
              `--limit must be a whole number of at least 1, not "${limit}".`,
              { hint: 'For example: retort log --limit 50' },
            );
          }
          const { log } = await import('../../commands/log.js');
          return log({ config: await projectConfig(command), limit: n });
        },
        renderLog,
      );
    });
}
