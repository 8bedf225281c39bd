import type { RevisionEntry } from '../commands/revision-entry.js';

/**
 * Text renderings of revisions that read like Alembic's (alembic/script/base.py `Script`):
 * `d896bf2738fb -> e4f7a9b2c3d1 (head), add multi-user support` and the verbose `Rev:` block.
 * Pure functions of the entries.
 */

/** `<base>`, a parent id, or `a, b` for a merge. */
export function formatRevises(entry: RevisionEntry): string {
  return entry.revises.length === 0 ? '<base>' : entry.revises.join(', ');
}

export interface OneLineOptions {
  /** `(label)` after the id. */
  branches?: boolean;
  /** `, message` at the end. */
  doc?: boolean;
  /** `parent -> ` before the id. */
  parents?: boolean;
  /** `(branchpoint)` and `(mergepoint)`. Default true. */
  treeIndicators?: boolean;
  /** `(current)`, when the runner marked the entry. */
  current?: boolean | undefined;
}

/** One line per revision (Alembic's `_head_only`). */
export function formatOneLine(entry: RevisionEntry, options: OneLineOptions = {}): string {
  let text = entry.id;
  if (options.parents) {
    text =
      entry.dependsOn.length > 0
        ? `${formatRevises(entry)} (${entry.dependsOn.join(', ')}) -> ${text}`
        : `${formatRevises(entry)} -> ${text}`;
  }
  if (options.branches && entry.branchLabels.length > 0)
    text += ` (${entry.branchLabels.join(', ')})`;
  if (entry.isRealHead) text += ' (head)';
  else if (entry.isHead) text += ' (effective head)';
  if (options.current) text += ' (current)';
  if (options.treeIndicators !== false) {
    if (entry.isBranchPoint) text += ' (branchpoint)';
    if (entry.isMergePoint) text += ' (mergepoint)';
  }
  if (options.doc) text += `, ${entry.message}`;
  return text;
}

/** The verbose block (Alembic's `log_entry`), ending with a blank line. */
export function formatLogEntry(entry: RevisionEntry, current?: boolean): string {
  const lines = [
    `Rev: ${entry.id}${entry.isHead ? ' (head)' : ''}${entry.isBranchPoint ? ' (branchpoint)' : ''}` +
      `${entry.isMergePoint ? ' (mergepoint)' : ''}${current ? ' (current)' : ''}`,
    entry.isMergePoint ? `Merges: ${formatRevises(entry)}` : `Parent: ${formatRevises(entry)}`,
  ];
  if (entry.dependsOn.length > 0) lines.push(`Also depends on: ${entry.dependsOn.join(', ')}`);
  if (entry.isBranchPoint) lines.push(`Branches into: ${entry.children.join(', ')}`);
  if (entry.branchLabels.length > 0) lines.push(`Branch names: ${entry.branchLabels.join(', ')}`);
  lines.push(`Path: ${entry.file ?? '(none)'}`, '');
  const doc = [
    ...entry.message.split(/\r?\n/),
    '',
    `Revision ID: ${entry.id}`,
    `Revises: ${entry.revises.join(', ')}`.trimEnd(),
  ];
  if (entry.createdAt !== undefined) doc.push(`Create Date: ${entry.createdAt}`);
  for (const line of doc) lines.push(line === '' ? '' : `    ${line}`);
  lines.push('');
  return lines.join('\n');
}
