import type { Command } from 'commander';
import type { RestoreResult } from '../../commands/restore.js';
import { allOptions, projectConfig, runVerb } from '../context.js';

export function renderRestore(result: RestoreResult): string {
  return `Restored ${result.file} into ${result.database}: ${result.tables} table${result.tables === 1 ? '' : 's'}.`;
}

/** A yes/no question on the terminal; false when there is none. */
async function askOnTty(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function register(program: Command): void {
  program
    .command('restore')
    .description(
      'replay a plain-SQL dump (retort backup, pg_dump) into an empty database, in one transaction',
    )
    .argument('<file>', 'the dump')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, _opts: unknown, command: Command) => {
      const opts = allOptions<{ yes?: boolean }>(command);
      await runVerb(
        command,
        async () => {
          const { restore } = await import('../../commands/restore.js');
          return restore({
            config: await projectConfig(command),
            file,
            yes: opts.yes === true,
            confirm: askOnTty,
          });
        },
        renderRestore,
      );
    });
}
