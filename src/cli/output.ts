import { databaseError } from '../core/database-errors.js';
import { isRetortError, ExitCode } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';

/** Colors only on a TTY, and never when NO_COLOR is set (https://no-color.org) or in CI output files. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

const codes = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
  bold: 1,
  dim: 2,
} as const;
export type Style = keyof typeof codes;

/** Returns a styler bound to whether color is on, so renderers stay pure functions of their input. */
export function styler(enabled: boolean): (style: Style, text: string) => string {
  return (style, text) => (enabled ? `\u001b[${codes[style]}m${text}\u001b[0m` : text);
}

export interface OutputOptions {
  json?: boolean;
}

/** Durations (`…Ms` keys) in --json output: a tenth of a millisecond, not 1364.9522299999999. */
export function roundDurations(key: string, value: unknown): unknown {
  return typeof value === 'number' && key.endsWith('Ms') && !Number.isInteger(value)
    ? Math.round(value * 10) / 10
    : value;
}

/** Prints a command's result: JSON when asked, else the verb's text renderer. */
export function printResult<T>(
  result: T,
  options: OutputOptions,
  renderText: (result: T) => string,
): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, roundDurations, 2)}\n`);
    return;
  }
  const text = renderText(result);
  if (text.length > 0) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Prints an error as one clear message (JSON on --json) and returns the exit code to use. */
export function reportError(thrown: unknown, options: OutputOptions & { debug?: boolean }): number {
  const color = styler(useColor(process.stderr));
  // A server refusal or a lost connection that no command mapped is still an error the user
  // can act on (exit 5 or 6), never "a bug in retort".
  const error = isRetortError(thrown) ? thrown : (databaseError(thrown) ?? thrown);
  if (isRetortError(error)) {
    if (options.json) {
      process.stdout.write(`${JSON.stringify(error.toJSON(), null, 2)}\n`);
    } else {
      process.stderr.write(
        `${color('red', 'error')}${color('gray', `[${error.code}]`)}: ${redactSecrets(error.message)}\n`,
      );
      if (error.hint)
        process.stderr.write(`${color('cyan', 'hint')}: ${redactSecrets(error.hint)}\n`);
      if (options.debug && error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ error: 'INTERNAL', message: redactSecrets(message), exitCode: ExitCode.Internal }, null, 2)}\n`,
    );
  } else {
    process.stderr.write(`${color('red', 'internal error')}: ${redactSecrets(message)}\n`);
    process.stderr.write(
      options.debug && error instanceof Error && error.stack
        ? `${redactSecrets(error.stack)}\n`
        : 'This is a bug in retort. Run again with --debug for the stack trace and report it.\n',
    );
  }
  return ExitCode.Internal;
}

/** A repeatable commander option's accumulator: `--x a --x b` → `['a', 'b']`. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
