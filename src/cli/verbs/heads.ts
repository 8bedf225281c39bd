import type { Command } from 'commander';
import type { HeadsResult } from '../../commands/heads.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { formatLogEntry, formatOneLine } from '../render-revisions.js';

export function renderHeads(result: HeadsResult): string {
  return result.heads
    .map((h) =>
      result.verbose
        ? formatLogEntry(h)
        : formatOneLine(h, { branches: true, treeIndicators: false }),
    )
    .join('\n');
}

export function register(program: Command): void {
  program
    .command('heads')
    .description(
      'show the current heads of the revision graph (reads files only, never the database)',
    )
    .option('-v, --verbose', 'show the full entry of each head')
    .option(
      '--resolve-dependencies',
      'treat dependencies as parents: a revision another depends on is no head',
    )
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = allOptions<{ verbose?: boolean; resolveDependencies?: boolean }>(command);
      await runVerb(
        command,
        async () => {
          const { heads } = await import('../../commands/heads.js');
          return heads({
            config: await projectConfig(command),
            verbose: opts.verbose ?? false,
            resolveDependencies: opts.resolveDependencies ?? false,
          });
        },
        renderHeads,
      );
    });
}
