import type { Command } from 'commander';
import type { ShowResult } from '../../commands/show.js';
import { projectConfig, runVerb } from '../context.js';
import { formatLogEntry } from '../render-revisions.js';

export function renderShow(result: ShowResult): string {
  return result.revisions.map((rev) => formatLogEntry(rev)).join('\n');
}

export function register(program: Command): void {
  program
    .command('show')
    .description(
      'show the revision(s) a target names: an id, a unique prefix, head, heads, label@head',
    )
    .argument('<rev>', 'revision target')
    .option('--json', 'print the result as JSON')
    .action(async (rev: string, _opts: unknown, command: Command) => {
      await runVerb(
        command,
        async () => {
          const { show } = await import('../../commands/show.js');
          return show({ config: await projectConfig(command), revision: rev });
        },
        renderShow,
      );
    });
}
