import { Command, CommanderError } from 'commander';
import { ExitCode } from '../core/errors.js';
import { registerVerbs } from './verbs/index.js';
import { VERSION } from '../version.js';

/** Builds the program. Verb modules are tiny; each imports its command only when it runs. */
export function buildProgram(): Command {
  const program = new Command('retort')
    .description('Schema migrations for PostgreSQL, in TypeScript.')
    .version(VERSION, '-V, --version')
    .option(
      '-c, --config <file>',
      'config file (default: retort.config.ts in this or a parent directory)',
    )
    .option('--debug', 'print stack traces on errors')
    .option('--no-dotenv', 'do not read the project .env file (also RETORT_DOTENV=0)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: true });
  registerVerbs(program);
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const program = buildProgram();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed by commander.
      process.exitCode = error.exitCode === 0 ? 0 : ExitCode.Usage;
      return;
    }
    throw error;
  }
}
