import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { loadProject } from '../project/load-project.js';

export interface EditResult {
  readonly revision: string;
  /** The file, relative to the project root. */
  readonly file: string;
  readonly editor: string;
}

/**
 * Opens a revision file in `$VISUAL` or `$EDITOR` (Alembic's `edit`). Without a target: the
 * newest head (the most recently modified head file when there are several).
 *
 * @example
 * await edit({ config, revision: 'e4f7' }); // runs `$EDITOR migrations/e4f7a9b2c3d1_….ts`
 */
export async function edit(options: {
  config: ResolvedConfig;
  revision?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<EditResult> {
  const env = options.env ?? process.env;
  const editor = env['VISUAL'] || env['EDITOR'];
  if (!editor) {
    throw new RetortError('NO_EDITOR', ExitCode.Usage, 'Neither $VISUAL nor $EDITOR is set.', {
      hint: 'Set one, e.g. `export EDITOR=vim` (or `code -w`), and run `retort edit` again.',
    });
  }
  const { list: files, graph } = await loadProject(options.config);
  const root = options.config.rootDir;
  const found = graph.resolveTargets(options.revision ?? 'heads');
  if (found.length === 0) {
    throw new RetortError('REVISION_NOT_FOUND', ExitCode.Revision, 'There are no revisions yet.', {
      hint: 'Create one with `retort revision -m "…"`.',
    });
  }
  if (options.revision !== undefined && found.length > 1) {
    throw new RetortError(
      'AMBIGUOUS_TARGET',
      ExitCode.Revision,
      `"${options.revision}" names ${found.length} revisions: ${found.map((r) => r.id).join(', ')}.`,
      { hint: 'Name one of them: `retort edit <rev>`.' },
    );
  }
  const byId = new Map(files.map((f) => [f.id, f]));
  const candidates = found.map((r) => byId.get(r.id)!).filter((f) => f !== undefined);
  const newest = candidates.reduce((a, b) =>
    statSync(resolve(root, b.file)).mtimeMs > statSync(resolve(root, a.file)).mtimeMs ? b : a,
  );
  // The editor may carry arguments (`code -w`): the shell splits it; the file is passed as $1.
  const run = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', resolve(root, newest.file)], {
    stdio: 'inherit',
    env,
  });
  if (run.error || run.status !== 0) {
    throw new RetortError(
      'EDITOR_FAILED',
      ExitCode.Usage,
      `The editor \`${editor}\` ${run.error ? `could not start (${run.error.message})` : `exited with status ${run.status ?? run.signal}`}.`,
      { hint: 'Check $VISUAL / $EDITOR; the file is unchanged unless the editor saved it.' },
    );
  }
  return { revision: newest.id, file: newest.file, editor };
}
