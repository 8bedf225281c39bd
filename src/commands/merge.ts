import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { loadProject } from '../project/load-project.js';
import { revision, type RevisionResult } from './revision.js';

export interface MergeOptions {
  config: ResolvedConfig;
  message: string;
  /** Revisions to merge: ids, prefixes, `label@head`, or `heads` for every head. */
  revisions: readonly string[];
  branchLabels?: readonly string[];
  revId?: string;
  sql?: boolean;
  now?: Date;
}

export type MergeResult = RevisionResult;

/**
 * Creates a merge revision whose parents are the given revisions (Alembic's `merge`).
 *
 * @example
 * await merge({ config, message: 'merge billing', revisions: ['heads'] });
 */
export async function merge(options: MergeOptions): Promise<MergeResult> {
  const { graph } = await loadProject(options.config);
  const parents = new Set<string>();
  for (const ref of options.revisions)
    for (const rev of graph.resolveTargets(ref)) parents.add(rev.id);
  if (parents.size < 2) {
    throw new RetortError(
      'MERGE_NEEDS_TWO',
      ExitCode.Revision,
      `Nothing to merge: ${options.revisions.join(' ')} names ${parents.size === 0 ? 'no revision' : `only ${[...parents].join('')}`}.`,
      {
        hint: 'Name at least two heads, or `heads` when there are several (`retort heads` lists them).',
      },
    );
  }
  return revision({
    config: options.config,
    message: options.message,
    head: [...parents],
    ...(options.branchLabels === undefined ? {} : { branchLabels: options.branchLabels }),
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    ...(options.sql === undefined ? {} : { sql: options.sql }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
