import type { Command } from 'commander';
import type { PictureResult } from '../../commands/pictures.js';
import { allOptions, projectConfig, runVerb } from '../context.js';

/** The picture's text on stdout; with --out, one line naming the file. */
export function renderPicture(result: PictureResult): string {
  return result.file === undefined ? result.text : `Wrote ${result.picture} to ${result.file}`;
}

export function register(program: Command): void {
  program
    .command('graph')
    .description(
      'draw the revision graph: branches, merges, dependencies (dashed), labels, heads (mermaid, dot, svg)',
    )
    .option('-f, --format <format>', 'mermaid, dot or svg', 'mermaid')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('-i, --indicate-current', "highlight the database's current revisions (connects to it)")
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = allOptions<{ format: string; out?: string; indicateCurrent?: boolean }>(command);
      await runVerb(
        command,
        async () => {
          const { graph } = await import('../../commands/pictures.js');
          const config = await projectConfig(command);
          const current = opts.indicateCurrent
            ? await (await import('../../commands/current.js')).readCurrentHeads(config)
            : [];
          return graph({
            config,
            format: opts.format,
            current,
            ...(opts.out === undefined ? {} : { out: opts.out }),
          });
        },
        renderPicture,
      );
    });
}
