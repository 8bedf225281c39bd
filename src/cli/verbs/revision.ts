import type { Command } from 'commander';
import { collect } from '../output.js';
import type { RevisionResult } from '../../commands/revision.js';
import {
  addAutogenerateOptions,
  renderAutogenerate,
  runAutogenerate,
} from '../autogenerate-cli.js';
import { allOptions, projectConfig, runVerb } from '../context.js';

export function renderRevision(result: RevisionResult): string {
  return `  Generating ${result.file} ...  done`;
}

/** Collects a repeatable option into an array. */

interface RevisionVerbOptions {
  message: string;
  head?: string;
  splice?: boolean;
  branchLabel?: string[];
  dependsOn?: string[];
  revId?: string;
  sql?: boolean;
  autogenerate?: boolean;
  fromDb?: boolean;
  rename?: string[];
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('revision')
    .description('create a new revision file on the current head (TypeScript, or SQL with --sql)')
    .requiredOption('-m, --message <message>', 'what the revision does (also names the file)')
    .option(
      '--head <rev>',
      "parent revision: a head, label@head, or 'base' to start a new base",
      'head',
    )
    .option(
      '--splice',
      'allow a --head that is not a head (starts a branch from the middle of history)',
    )
    .option('--branch-label <label>', 'branch label for the new revision (repeatable)', collect)
    .option('--depends-on <rev>', 'revision or label this one depends on (repeatable)', collect)
    .option('--rev-id <id>', 'revision id to use instead of 12 random hex characters')
    .option('--sql', 'write a plain .sql revision file instead of TypeScript')
    .option('--json', 'print the result as JSON');
  addAutogenerateOptions(command).action(async (_opts: unknown, command: Command) => {
    const opts = allOptions<RevisionVerbOptions>(command);
    if (opts.autogenerate) {
      await runVerb(
        command,
        async () =>
          runAutogenerate(
            {
              config: await projectConfig(command),
              message: opts.message,
              head: opts.head ?? 'head',
              splice: opts.splice ?? false,
              branchLabels: opts.branchLabel ?? [],
              dependsOn: opts.dependsOn ?? [],
              fromDb: opts.fromDb === true,
              sql: opts.sql ?? false,
              renames: opts.rename ?? [],
              ...(opts.revId === undefined ? {} : { revId: opts.revId }),
            },
            process.stdin.isTTY === true && opts.json !== true,
          ),
        renderAutogenerate,
      );
      return;
    }
    await runVerb(
      command,
      async () => {
        const { revision } = await import('../../commands/revision.js');
        return revision({
          config: await projectConfig(command),
          message: opts.message,
          head: opts.head ?? 'head',
          splice: opts.splice ?? false,
          branchLabels: opts.branchLabel ?? [],
          dependsOn: opts.dependsOn ?? [],
          sql: opts.sql ?? false,
          ...(opts.revId === undefined ? {} : { revId: opts.revId }),
        });
      },
      renderRevision,
    );
  });
}
