import type { Command } from 'commander';
import type { InitResult } from '../../commands/init.js';
import { allOptions, runVerb } from '../context.js';

export function renderInit(result: InitResult): string {
  const lines = [`Initialized a retort project in ${result.dir}`];
  for (const path of result.created) lines.push(`  created ${path}`);
  for (const path of result.kept) lines.push(`  kept    ${path}`);
  if (result.secretIn)
    lines.push(
      '',
      'The URL holds a password: it is in .env as DATABASE_URL (listed in .gitignore), not in the config.',
    );
  lines.push(
    '',
    'Next: npx retort revision -m "create first tables"   then   npx retort upgrade head',
  );
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('init')
    .description('create retort.config.ts, a migrations/ directory and a .gitignore entry')
    .argument('[dir]', 'project directory', '.')
    .option(
      '--database-url <url>',
      'database URL to write into the config (default: embedded PGlite)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, _opts: unknown, command: Command) => {
      const { databaseUrl } = allOptions<{ databaseUrl?: string }>(command);
      const { init } = await import('../../commands/init.js');
      await runVerb(
        command,
        () => init({ dir, ...(databaseUrl === undefined ? {} : { databaseUrl }) }),
        renderInit,
      );
    });
}
