import type { Command } from 'commander';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { renderPicture } from './graph.js';

export function register(program: Command): void {
  program
    .command('erd')
    .description('draw the schema: tables, key columns, foreign keys (mermaid, svg, dot)')
    .option('-f, --format <format>', 'mermaid, svg or dot', 'mermaid')
    .option(
      '--from <source>',
      'declared (the schema declaration), database, or migrations (replayed to head in a scratch PGlite); default: declared when the config names one, else migrations',
    )
    .option('--keys-only', 'show only primary-key and foreign-key columns')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = allOptions<{ format: string; from?: string; keysOnly?: boolean; out?: string }>(
        command,
      );
      await runVerb(
        command,
        async () => {
          const { erd } = await import('../../commands/pictures.js');
          return erd({
            config: await projectConfig(command),
            format: opts.format,
            keysOnly: opts.keysOnly === true,
            ...(opts.from === undefined ? {} : { source: opts.from }),
            ...(opts.out === undefined ? {} : { out: opts.out }),
          });
        },
        renderPicture,
      );
    });
}
