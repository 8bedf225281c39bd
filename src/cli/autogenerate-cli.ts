import type { Command } from 'commander';
import type { AutogenerateOptions, AutogenerateResult } from '../commands/autogenerate.js';
import type { RenameCandidate } from '../core/diff/rename-decisions.js';
import { collect } from './output.js';

/** Collects a repeatable option into an array. */

/** The options `revision` gains for autogenerate. */
export function addAutogenerateOptions(command: Command): Command {
  return command
    .option(
      '--autogenerate',
      'write the upgrade and downgrade from the difference between the schema declaration and the head',
    )
    .option(
      '--from-db',
      'with --autogenerate: compare with the configured database instead of replaying the migrations',
    )
    .option(
      '--rename <old:new>',
      'with --autogenerate: a rename, table (old:new) or column (table.old:new) (repeatable)',
      collect,
    );
}

export function renderAutogenerate(result: AutogenerateResult): string {
  if (!result.written) return 'No changes detected';
  const lines = [`  Generating ${result.revision?.file ?? ''} ...  done`];
  for (const change of result.changes)
    lines.push(
      `  ${change.destructive ? '!' : '+'} ${change.description}${change.destructive ? '  [destructive]' : ''}`,
    );
  for (const c of result.undecidedRenames) {
    const what =
      c.kind === 'table' ? `table ${c.from} → ${c.to}` : `column ${c.table}.${c.from} → ${c.to}`;
    const flag = c.kind === 'table' ? `${c.from}:${c.to}` : `${c.table}.${c.from}:${c.to}`;
    lines.push(
      `  note: dropped and added ${what}; if it is a rename, delete the file and rerun with --rename ${flag}`,
    );
  }
  return lines.join('\n');
}

/** Asks on the terminal whether a candidate is a rename. Only used when stdin is a TTY. */
export async function promptRename(candidate: RenameCandidate): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const what =
      candidate.kind === 'table'
        ? `table ${candidate.from} → ${candidate.to}`
        : `column ${candidate.table}.${candidate.from} → ${candidate.to}`;
    const answer = await rl.question(`Is ${what} a rename? (otherwise drop and add) [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Runs autogenerate from the revision verb's options. */
export async function runAutogenerate(
  options: Omit<AutogenerateOptions, 'resolveRename'>,
  interactive: boolean,
): Promise<AutogenerateResult> {
  const { autogenerate } = await import('../commands/autogenerate.js');
  return autogenerate({ ...options, ...(interactive ? { resolveRename: promptRename } : {}) });
}
