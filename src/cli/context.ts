import type { Command } from 'commander';
import type { ResolvedConfig } from '../core/config.js';
import { printResult, reportError } from './output.js';

/** Options every verb accepts, declared once on the root program. */
export interface GlobalOptions {
  config?: string;
  debug?: boolean;
  /** False with `--no-dotenv`. */
  dotenv?: boolean;
}

/** The options of the verb plus the global ones. */
export function allOptions<T extends object>(
  command: Command,
): T & GlobalOptions & { json?: boolean } {
  return command.optsWithGlobals() as T & GlobalOptions & { json?: boolean };
}

/** Loads the project config (lazily imported: `init` and `--help` never pay for it). */
export async function projectConfig(command: Command): Promise<ResolvedConfig> {
  const { loadConfig } = await import('../project/config-loader.js');
  const { config, dotenv } = allOptions(command);
  const resolved = await loadConfig({
    ...(config === undefined ? {} : { configFile: config }),
    ...(dotenv === false ? { dotenv: false } : {}),
  });
  // Notes go to stderr (never a value from the environment), so --json output stays parseable.
  for (const note of resolved.notes ?? []) process.stderr.write(`note: ${note}\n`);
  return resolved;
}

/**
 * Runs a verb's action: calls the command, prints its result, maps errors to exit codes.
 * The CLI is the only place that sets `process.exitCode`.
 */
export async function runVerb<T>(
  command: Command,
  action: () => Promise<T>,
  renderText: (result: T) => string,
  exitCodeOf: (result: T) => number = () => 0,
): Promise<void> {
  const options = allOptions(command);
  try {
    const result = await action();
    printResult(result, options, renderText);
    process.exitCode = exitCodeOf(result);
  } catch (error) {
    process.exitCode = reportError(error, options);
  }
}
