import type { Command } from 'commander';
import type { PullResult } from '../../commands/pull.js';
import { allOptions, projectConfig, runVerb } from '../context.js';

export function renderPull(result: PullResult): string {
  if (result.declaration !== undefined) return '';
  return [
    `Wrote ${result.file}: ${result.tables} table${result.tables === 1 ? '' : 's'}, ${result.enums} enum${result.enums === 1 ? '' : 's'}, ${result.sequences} sequence${result.sequences === 1 ? '' : 's'}.`,
    `Point \`schema\` in retort.config.ts at it, then \`retort check\` should report no differences.`,
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('pull')
    .description('introspect the database and write a TypeScript schema declaration')
    .option(
      '--out <file>',
      "where to write, - for standard output (default: the config's `schema`, else schema.ts)",
    )
    .option('--force', 'replace an existing file')
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = allOptions<{ out?: string; force?: boolean }>(command);
      await runVerb(
        command,
        async () => {
          const { pull } = await import('../../commands/pull.js');
          const result = await pull({
            config: await projectConfig(command),
            ...(opts.out === undefined ? {} : { out: opts.out }),
            force: opts.force === true,
          });
          // `--out -`: the declaration is the output (with --json it is a field of the JSON).
          if (result.declaration !== undefined && opts.json !== true)
            process.stdout.write(result.declaration);
          return result;
        },
        renderPull,
      );
    });
}
