import type { Command } from 'commander';
import type { BackupResult } from '../../commands/backup.js';
import { allOptions, projectConfig, runVerb } from '../context.js';

export function renderBackup(result: BackupResult): string {
  if (result.file === '-') return '';
  return `Backed up ${result.database} to ${result.file} (${result.bytes} bytes, ${result.tool}).\nRestore it into an empty database with \`retort restore ${result.file}\` (or \`psql -f ${result.file}\`).`;
}

export function register(program: Command): void {
  program
    .command('backup')
    .description(
      'write a plain-SQL dump of the database (embedded: built-in pg_dump; server: pg_dump from PATH)',
    )
    .option(
      '--out <file>',
      'where to write; - for standard output (default: backup-<time>.sql in the project root)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = allOptions<{ out?: string }>(command);
      await runVerb(
        command,
        async () => {
          if (opts.out === '-' && opts.json) {
            const { ExitCode, RetortError } = await import('../../core/errors.js');
            throw new RetortError(
              'USAGE',
              ExitCode.Usage,
              '--out - and --json both write to standard output.',
              {
                hint: 'Drop --json, or write the dump to a file with --out FILE.',
              },
            );
          }
          const { backup } = await import('../../commands/backup.js');
          const result = await backup({ config: await projectConfig(command), out: opts.out });
          if (result.sql !== undefined) {
            process.stdout.write(result.sql);
            // The dump went to stdout; the summary goes to stderr so the two never mix.
            process.stderr.write(
              `Backed up ${result.database} (${result.bytes} bytes, ${result.tool}).\n`,
            );
            return { ...result, sql: undefined };
          }
          return result;
        },
        renderBackup,
      );
    });
}
