import { MAX_REVISION_ID_LENGTH } from '../core/runner/version-table-sql.js';
import { randomBytes } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError, isRetortError } from '../core/errors.js';
import { RevisionGraph } from '../core/revisions/revision-graph.js';
import type { Revision } from '../core/revisions/revision.js';
import { writeRevisionFile } from '../project/revision-writer.js';
import { loadProject } from '../project/load-project.js';
import { describeRevision, type RevisionEntry } from './revision-entry.js';

export interface RevisionOptions {
  config: ResolvedConfig;
  message: string;
  /**
   * Parent(s) of the new revision: `head` (default: the one head), a revision, `label@head`, or
   * `base` to start a new base. `merge` passes several.
   */
  head?: string | readonly string[];
  /** Allow a parent that is not a head (starts a new branch from the middle of history). */
  splice?: boolean;
  branchLabels?: readonly string[];
  dependsOn?: readonly string[];
  /** An explicit id instead of 12 random hex characters; letters, digits and `_`. */
  revId?: string;
  /** Write a `.sql` revision file instead of TypeScript. */
  sql?: boolean;
  /** Already-written upgrade/downgrade bodies (TS code for .ts, SQL for .sql); autogenerate passes them. */
  body?: { upgrade: string; downgrade: string };
  /** The clock, for reproducible files in tests. Default `new Date()`. */
  now?: Date;
}

export interface RevisionResult {
  /** The new revision as the graph sees it. */
  revision: RevisionEntry;
  /** Path of the new file relative to the project root. */
  file: string;
  /** Absolute path of the new file. */
  path: string;
  format: 'ts' | 'sql';
}

const REV_ID = /^[A-Za-z0-9_]+$/;

/** 12 lowercase hex characters, like Alembic's `uuid4().hex[-12:]`. */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Creates a new revision file, with Alembic's rules: its parent is the single head unless `head`
 * says otherwise; several heads and no `head` is an error that lists them; a parent that is not a
 * head needs `splice`. The new revision is checked against the whole graph before the file is
 * written, so a bad label or dependency leaves nothing behind.
 *
 * @example
 * const { file } = await revision({ config, message: 'add users' });
 * // file: 'migrations/3f2a9c1d7e4b_add_users.ts'
 */
export async function revision(options: RevisionOptions): Promise<RevisionResult> {
  const { config } = options;
  const { list: files, graph } = await loadProject(config);
  let id = options.revId ?? newRevisionId();
  // A random id that happens to exist already (one chance in 2^48 per revision) is drawn again.
  while (options.revId === undefined && graph.get(id) !== undefined) id = newRevisionId();
  if (!REV_ID.test(id)) {
    throw new RetortError(
      'REV_ID_OPTION_INVALID',
      ExitCode.Usage,
      `--rev-id '${id}' is not a valid revision id: use letters, digits and '_' only.`,
      {
        hint: 'Characters such as @ - + : would clash with targets like label@head, ae10+1 or a:b.',
        details: { id },
      },
    );
  }
  if (id.length > MAX_REVISION_ID_LENGTH) {
    throw new RetortError(
      'REV_ID_OPTION_INVALID',
      ExitCode.Usage,
      `--rev-id '${id}' has ${id.length} characters; the version table holds at most ${MAX_REVISION_ID_LENGTH} (version_num varchar(${MAX_REVISION_ID_LENGTH}), as Alembic's).`,
      { hint: 'Choose a shorter --rev-id, or leave it out for a random one.', details: { id } },
    );
  }
  const existing = graph.get(id);
  if (existing !== undefined) {
    throw new RetortError(
      'REVISION_DUPLICATE',
      ExitCode.Revision,
      `Revision '${id}' already exists in ${existing.file ?? 'the graph'}.`,
      {
        hint: 'Choose another --rev-id, or leave it out for a random one.',
        details: { id, file: existing.file },
      },
    );
  }

  const parents = resolveParents(graph, options.head ?? 'head', options.splice ?? false);
  const dependsOn = (options.dependsOn ?? []).map((dep) => {
    const target = graph.resolve(dep);
    // A branch label stays a label (it follows the branch); a prefix becomes the full id.
    return target.branchLabels.includes(dep) || graph.branchLabelsOf(target.id).includes(dep)
      ? dep
      : target.id;
  });
  const format = options.sql ? 'sql' : 'ts';
  const createdAt = (options.now ?? new Date()).toISOString();
  const draft: Revision = {
    id,
    revises: parents,
    dependsOn,
    branchLabels: [...(options.branchLabels ?? [])],
    message: options.message,
    createdAt,
  };
  // Validates labels, dependencies and ids against everything else before touching the disk.
  const next = new RevisionGraph([...files, draft]);

  const path = writeRevisionFile(config.migrationsDir, {
    ...draft,
    createdAt,
    format,
    body: options.body,
  });
  const file = relative(config.rootDir, path).split(sep).join('/');
  return {
    revision: describeRevision(next, { ...draft, file, format }),
    file,
    path,
    format,
  };
}

function resolveParents(
  graph: RevisionGraph,
  head: string | readonly string[],
  splice: boolean,
): string[] {
  const refs = typeof head === 'string' ? [head] : head;
  const parents: string[] = [];
  for (const ref of refs) {
    if (ref === 'base') continue;
    if (ref === 'head' && graph.size === 0) continue;
    let found: readonly Revision[];
    try {
      found = graph.resolveTargets(ref);
    } catch (error) {
      if (isRetortError(error) && error.code === 'REVISION_MULTIPLE_HEADS') {
        const heads = (error.details?.['heads'] as string[] | undefined) ?? [];
        throw new RetortError(
          'REVISION_MULTIPLE_HEADS',
          ExitCode.Revision,
          `Multiple heads are present (${heads.join(', ')}); please specify the head revision on which ` +
            'the new revision should be based, or perform a merge.',
          {
            hint:
              'Use `--head <rev>` or `--head <label>@head` to pick one, or `retort merge -m "merge heads" heads` ' +
              'to join them; `retort heads` lists them.',
            details: { heads },
          },
        );
      }
      throw error;
    }
    for (const rev of found) {
      if (parents.includes(rev.id)) {
        throw new RetortError(
          'REVISION_DUPLICATE_HEAD',
          ExitCode.Usage,
          `Revision ${rev.id} is given twice as a parent.`,
          {
            hint: 'Name each parent once.',
          },
        );
      }
      if (!splice && graph.childrenOf(rev.id).length > 0) {
        throw new RetortError(
          'REVISION_NOT_A_HEAD',
          ExitCode.Revision,
          `Revision ${rev.id} is not a head revision; please specify --splice to create a new branch from this revision.`,
          {
            hint: 'Pass --splice to branch from the middle of history, or build on a head (`retort heads`).',
            details: { revision: rev.id },
          },
        );
      }
      parents.push(rev.id);
    }
  }
  return parents;
}
