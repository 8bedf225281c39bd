import type { Command } from 'commander';
import { ExitCode, RetortError } from '../../core/errors.js';
import { reportError } from '../output.js';
import { allOptions, projectConfig } from '../context.js';

export function register(program: Command): void {
  const db = program.command('db').description('the embedded database: serve it');
  db.command('serve')
    .description(
      'serve the embedded database on the PostgreSQL wire protocol (loopback) until Ctrl-C; psql, tools, the app and other retort commands connect through it',
    )
    .option('--port <port>', 'loopback port (default: any free port, printed)')
    .option('--json', 'print the connection details as JSON once listening')
    .action(async (_opts: unknown, command: Command) => {
      const flags = allOptions<{ port?: string }>(command);
      try {
        const port = flags.port === undefined ? 0 : Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new RetortError(
            'USAGE',
            ExitCode.Usage,
            `--port must be 0–65535, got ${flags.port}.`,
          );
        const { serve } = await import('../../commands/db-serve.js');
        const until = new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        await serve({
          config: await projectConfig(command),
          port,
          until,
          onReady: (info) => {
            if (flags.json) process.stdout.write(`${JSON.stringify(info)}\n`);
            else
              process.stdout.write(
                [
                  `Serving ${info.database} on ${info.url}`,
                  `  psql -h ${info.host} -p ${info.port} -U postgres postgres`,
                  `  DATABASE_URL=${info.url}`,
                  'Other retort commands in this project connect through it. Ctrl-C stops it.',
                  '',
                ].join('\n'),
              );
          },
        });
        process.exitCode = 0;
      } catch (error) {
        process.exitCode = reportError(error, flags);
      }
    });
}
