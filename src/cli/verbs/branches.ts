import type { Command } from 'commander';
import type { BranchesResult } from '../../commands/branches.js';
import { allOptions, projectConfig, runVerb } from '../context.js';
import { formatLogEntry, formatOneLine } from '../render-revisions.js';

export function renderBranches(result: BranchesResult): string {
  return result.branchPoints
    .map(({ revision, children }) => {
      const head = result.verbose
        ? formatLogEntry(revision).trimEnd()
        : formatOneLine(revision, { branches: true });
      const pad = ' '.repeat(revision.id.length);
      const lines = children.map(
        (child) => `${pad} -> ${formatOneLine(child, { branches: true, doc: result.verbose })}`,
      );
      return `${head}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

export function register(program: Command): void {
  program
    .command('branches')
    .description('show the branch points of the revision graph and the branches leaving them')
    .option('-v, --verbose', 'show the full entry of each branch point')
    .option('--json', 'print the result as JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = allOptions<{ verbose?: boolean }>(command);
      await runVerb(
        command,
        async () => {
          const { branches } = await import('../../commands/branches.js');
          return branches({ config: await projectConfig(command), verbose: opts.verbose ?? false });
        },
        renderBranches,
      );
    });
}
