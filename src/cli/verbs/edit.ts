import type { Command } from 'commander';
import { projectConfig, runVerb } from '../context.js';

export function register(program: Command): void {
  program
    .command('edit')
    .description('open a revision file in $VISUAL or $EDITOR (default: the newest head)')
    .argument('[rev]', 'revision target: an id, a unique prefix, head, label@head, -1…')
    .option('--json', 'print the result as JSON')
    .action(async (rev: string | undefined, _opts: unknown, command: Command) => {
      await runVerb(
        command,
        async () => {
          const { edit } = await import('../../commands/edit.js');
          return edit({
            config: await projectConfig(command),
            ...(rev === undefined ? {} : { revision: rev }),
          });
        },
        (r) => `Edited ${r.file}`,
      );
    });
}
