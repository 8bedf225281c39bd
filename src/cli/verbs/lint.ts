import type { Command } from 'commander';
import { ExitCode, RetortError } from '../../core/errors.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { styler, useColor } from '../output.js';
import { LINT_FORMATS, renderLint, type LintFormat } from '../render-lint.js';

export function register(program: Command): void {
  program
    .command('lint')
    .description(
      'check migrations for locking, rewrite and compatibility hazards (PostgreSQL parser)',
    )
    .argument(
      '[range]',
      'a revision, or [start]:[end] (e.g. ae10:heads, -3:); default: every revision',
    )
    .option(
      '--format <format>',
      `output: ${LINT_FORMATS.join(', ')} (compact = file:line:col: severity code message)`,
      'text',
    )
    .option('--json', 'print the result as JSON (same as --format json)')
    .action(async (range: string | undefined, _opts: unknown, command: Command) => {
      const opts = allOptions<{ format?: string }>(command);
      const format = (opts.json ? 'json' : (opts.format ?? 'text')) as LintFormat;
      const paint = styler(useColor());
      await runVerb(
        command,
        async () => {
          if (!LINT_FORMATS.includes(format)) {
            throw new RetortError('LINT_FORMAT', ExitCode.Usage, `Unknown --format '${format}'.`, {
              hint: `Use one of: ${LINT_FORMATS.join(', ')}.`,
            });
          }
          const { lint } = await import('../../commands/lint.js');
          return lint({ config: await projectConfig(command), range });
        },
        (result) => renderLint(result, format, paint),
        (result) => (result.summary.error > 0 ? ExitCode.Findings : ExitCode.Ok),
      );
    });
}
