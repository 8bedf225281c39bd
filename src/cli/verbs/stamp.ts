import type { Command } from 'commander';
import type { StampResult } from '../../commands/stamp.js';
import { allOptions, projectConfig, runVerb } from '../context.js';

export function renderStamp(result: StampResult): string {
  if (result.sql !== undefined) return result.sql;
  const heads = (h: readonly string[]): string => (h.length > 0 ? h.join(', ') : 'base');
  return `Stamped ${result.database ?? ''}: ${heads(result.headsBefore)} -> ${heads(result.headsAfter)} (no migration ran).`;
}

export function register(program: Command): void {
  program
    .command('stamp')
    .description('record revisions as current without running migrations')
    .argument('<revisions...>', 'revisions (ids, prefixes, head, heads, base)')
    .option('--purge', 'empty the version table first')
    .option('--sql', 'print the SQL instead of running it')
    .option('--json', 'print the result as JSON')
    .action(async (revisions: string[], _opts: unknown, command: Command) => {
      const { purge, sql } = allOptions<{ purge?: boolean; sql?: boolean }>(command);
      const { stamp } = await import('../../commands/stamp.js');
      await runVerb(
        command,
        async () =>
          stamp({
            config: await projectConfig(command),
            revisions,
            purge: purge === true,
            sql: sql === true,
          }),
        renderStamp,
      );
    });
}
