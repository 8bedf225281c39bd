import type { Command } from 'commander';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { collect } from '../output.js';
import { renderRevision } from './revision.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description('create a merge revision joining two or more revisions (`heads` for every head)')
    .argument('<revisions...>', 'revisions to merge: ids, prefixes, label@head, or heads')
    .requiredOption('-m, --message <message>', 'what the merge is for (also names the file)')
    .option('--branch-label <label>', 'branch label for the merge revision (repeatable)', collect)
    .option('--rev-id <id>', 'revision id to use instead of 12 random hex characters')
    .option('--sql', 'write a plain .sql revision file instead of TypeScript')
    .option('--json', 'print the result as JSON')
    .action(async (revisions: string[], _opts: unknown, command: Command) => {
      const opts = allOptions<{
        message: string;
        branchLabel?: string[];
        revId?: string;
        sql?: boolean;
      }>(command);
      await runVerb(
        command,
        async () => {
          const { merge } = await import('../../commands/merge.js');
          return merge({
            config: await projectConfig(command),
            message: opts.message,
            revisions,
            branchLabels: opts.branchLabel ?? [],
            sql: opts.sql ?? false,
            ...(opts.revId === undefined ? {} : { revId: opts.revId }),
          });
        },
        renderRevision,
      );
    });
}
