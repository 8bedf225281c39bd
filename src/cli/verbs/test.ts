import type { Command } from 'commander';
import type { TestCheck, TestEvent, TestResult } from '../../commands/test.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { formatMs } from '../progress.js';
import { styler, useColor, type Style } from '../output.js';

const MARK: Record<TestCheck['status'], [string, Style]> = {
  passed: ['✓', 'green'],
  failed: ['✗', 'red'],
  skipped: ['-', 'gray'],
};

/** The report: one line per check, the failures under it, a summary line. Pure. */
export function renderTest(
  result: TestResult,
  paint: (style: Style, text: string) => string = (_s, t) => t,
): string {
  const n = result.revisions.length;
  const lines = [
    `retort test on ${result.database}: ${n} revision${n === 1 ? '' : 's'}${result.range ? ` (${result.range})` : ''}`,
  ];
  const width = Math.max(...result.checks.map((c) => c.title.length));
  for (const check of result.checks) {
    const [mark, style] = MARK[check.status];
    lines.push(
      `${paint(style, mark)} ${check.title.padEnd(width)}  ${check.summary}  ${paint('gray', `(${formatMs(check.durationMs)})`)}`,
    );
    for (const failure of check.failures) {
      const head = failure.revision ? `${paint('bold', failure.revision)}: ` : '';
      lines.push(`    ${head}${failure.message}`);
      for (const d of failure.differences ?? []) lines.push(`      - ${d}`);
      if (failure.location) lines.push(`      at ${failure.location}`);
      if (failure.statement) lines.push(`      statement: ${failure.statement}`);
      if (failure.hint) lines.push(`      ${paint('cyan', 'hint')}: ${failure.hint}`);
    }
    for (const r of check.revisions ?? []) {
      if (r.status === 'irreversible')
        lines.push(`    ${r.revision}: irreversible — upgrade tested, downgrade not (declared)`);
    }
  }
  const count = (status: TestCheck['status']): number =>
    result.checks.filter((c) => c.status === status).length;
  lines.push(
    `${result.passed ? paint('green', 'passed') : paint('red', 'FAILED')}: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped in ${formatMs(result.durationMs)}`,
  );
  return lines.join('\n');
}

/** Progress on stderr: a line per revision of the stairway, a line per finished check. */
export function testProgress(
  stream: NodeJS.WriteStream = process.stderr,
): (event: TestEvent) => void {
  return (event) => {
    if (event.type === 'revision') {
      const o = event.outcome;
      stream.write(
        `  ${event.name} ${event.index + 1}/${event.total} ${o.revision}  ${o.message}  ${o.status} (${formatMs(o.durationMs)})\n`,
      );
    } else if (event.type === 'check-done') {
      stream.write(
        `${event.check.title}: ${event.check.status} (${formatMs(event.check.durationMs)})\n`,
      );
    }
  };
}

export function register(program: Command): void {
  program
    .command('test')
    .description(
      'prove the migrations on scratch databases: single head, upgrade, declaration, up/down/up stairway with data fixtures, lint, offline script; exit 1 on a failed check',
    )
    .argument('[range]', 'a revision, or [start]:[end] (e.g. ae10:heads); default: every revision')
    .option(
      '--database [url]',
      'create throwaway databases on this PostgreSQL server (default: the configured database URL) instead of the embedded in-memory one; they are dropped afterwards',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 every check passed, 1 a check failed, 2 usage, 3 config, 4 revision files, 6 cannot reach or create the database.\nDocs: docs/testing.md',
    )
    .action(async (range: string | undefined, _opts: unknown, command: Command) => {
      const opts = allOptions<{ database?: string | boolean }>(command);
      const paint = styler(useColor());
      await runVerb(
        command,
        async () => {
          const config = await projectConfig(command);
          const { test } = await import('../../commands/test.js');
          const database =
            opts.database === true
              ? config.databaseUrl
              : typeof opts.database === 'string'
                ? opts.database
                : undefined;
          return test({
            config,
            range,
            database,
            ...(opts.json ? {} : { onEvent: testProgress() }),
          });
        },
        (result) => renderTest(result, paint),
        (result) => (result.passed ? 0 : 1),
      );
    });
}
