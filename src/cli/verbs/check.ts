import type { Command } from 'commander';
import type { CheckResult } from '../../commands/check.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { addFleetOptions, fleetRequested, runFleetCheck, type FleetFlags } from '../fleet-cli.js';

export function renderCheck(result: CheckResult): string {
  const against = result.compared === 'database' ? 'the database' : 'the head of the migrations';
  const pending =
    result.pending.length === 0
      ? []
      : [
          `${result.pending.length} revision(s) not applied to the database yet (${result.pending.join(', ')}): run \`retort upgrade head\`${result.clean ? '' : '; the differences below may be theirs'}.`,
        ];
  const unmanaged =
    result.unmanaged.length === 0
      ? []
      : [
          `Not compared — ${result.unmanaged.length} object(s) in the database that retort does not model (declare them, or exclude their schema; \`check --strict\` fails on them):`,
          ...result.unmanaged.map(
            (u) => `  ? ${u.kind} ${u.schema === undefined ? '' : `${u.schema}.`}${u.name}`,
          ),
        ];
  if (result.differences.length === 0)
    return [
      result.clean
        ? `No differences: ${against} matches ${result.declaration}.`
        : `No differences in what retort models, but ${against} holds objects it does not (--strict):`,
      ...pending,
      ...unmanaged,
    ].join('\n');
  const lines = [
    ...pending,
    ...unmanaged,
    `${against[0]!.toUpperCase()}${against.slice(1)} differs from ${result.declaration} (${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}):`,
    ...result.differences.map(
      (d) => `  - ${d.description}${d.destructive ? '  [destructive]' : ''}`,
    ),
    '',
    'Run `retort revision --autogenerate -m "…"` to write a migration for them.',
  ];
  return lines.join('\n');
}

export function register(program: Command): void {
  const command = program
    .command('check')
    .description(
      'compare the database (or the head of the migrations) with the schema declaration; exit 1 on drift',
    )
    .option(
      '--migrations',
      'compare the head of the migrations (replayed in a scratch PGlite) instead of the database',
    )
    .option(
      '--strict',
      'also fail (exit 1) on objects retort does not model yet: views, functions, triggers, policies…',
    )
    .option(
      '--exclude <schemas>',
      "comma-separated schemas another tool owns, neither compared nor reported (e.g. auth,storage); adds to the config's excludeSchemas",
    )
    .option('--json', 'print the result as JSON');
  addFleetOptions(command, false).action(async (_opts: unknown, command: Command) => {
    const opts = allOptions<
      { migrations?: boolean; strict?: boolean; exclude?: string } & FleetFlags
    >(command);
    if (fleetRequested(opts)) return runFleetCheck(command, opts);
    await runVerb(
      command,
      async () => {
        const { check } = await import('../../commands/check.js');
        return check({
          config: await projectConfig(command),
          migrations: opts.migrations === true,
          strict: opts.strict === true,
          exclude: (opts.exclude ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        });
      },
      renderCheck,
      (result) => (result.clean ? 0 : 1),
    );
  });
}
