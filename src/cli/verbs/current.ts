import type { Command } from 'commander';
import type { CurrentResult } from '../../commands/current.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { addFleetOptions, fleetRequested, runFleetCurrent, type FleetFlags } from '../fleet-cli.js';

/** Alembic's format: `e4f7a9b2c3d1 (head)`; --verbose adds each revision's details. */
export function renderCurrent(result: CurrentResult, verbose = false): string {
  const lines: string[] = [];
  if (verbose) lines.push(`Current revision(s) for ${result.database} (${result.versionTable}):`);
  for (const rev of result.current) {
    const tag = !rev.known
      ? ' (unknown revision: no file defines it)'
      : rev.isHead
        ? ' (head)'
        : '';
    if (!verbose) {
      lines.push(`${rev.id}${tag}`);
      continue;
    }
    lines.push(`Rev: ${rev.id}${tag}`);
    if (rev.known) {
      lines.push(
        `Parent: ${rev.revises && rev.revises.length > 0 ? rev.revises.join(', ') : '<base>'}`,
      );
      lines.push(`Path: ${rev.file ?? ''}`, '', `    ${rev.message ?? ''}`, '');
    }
  }
  // Alembic prints nothing here; a blank line reads as "did it work?", so say it.
  if (result.current.length === 0) lines.push('(none: the database is at base)');
  return lines.join('\n');
}

export function register(program: Command): void {
  const command = program
    .command('current')
    .description("show the database's current revision(s)")
    .option('--verbose', 'show each revision in detail')
    .option('--json', 'print the result as JSON');
  addFleetOptions(command, false).action(async (_opts: unknown, command: Command) => {
    const { verbose, ...flags } = allOptions<{ verbose?: boolean } & FleetFlags>(command);
    if (fleetRequested(flags)) return runFleetCurrent(command, flags);
    const { current } = await import('../../commands/current.js');
    await runVerb(
      command,
      async () => current({ config: await projectConfig(command) }),
      (result) => renderCurrent(result, verbose === true),
    );
  });
}
