import type { LintSuppression } from '../sql/statement.js';

/** A `-- retort-ignore` comment found in SQL text. */
export interface SuppressionComment {
  /** 1-based line of the comment. */
  readonly line: number;
  readonly suppressions: readonly LintSuppression[];
}

const PATTERN = /^\s*--\s*retort-ignore\s+([^:\n]+?)\s*(?::\s*(.*?))?\s*$/;

/**
 * Finds `-- retort-ignore <rule>[, <rule>]: <reason>` comments, each on its own line. A comment
 * without `: reason` yields suppressions with an empty reason, which the linter reports and does
 * not honour. Compatible with the op helpers' `sqlToStatements` (same syntax).
 *
 * @example
 * parseSuppressionComments('-- retort-ignore ban-drop-column: unused since 4.2\nALTER TABLE …');
 * // → [{ line: 1, suppressions: [{ rule: 'ban-drop-column', reason: 'unused since 4.2' }] }]
 */
export function parseSuppressionComments(text: string, lineOffset = 0): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (!raw.includes('retort-ignore')) return;
    const m = PATTERN.exec(raw.replace(/\r$/, ''));
    if (!m) return;
    const reason = m[2] ?? '';
    const rules = (m[1] ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    out.push({ line: i + 1 + lineOffset, suppressions: rules.map((rule) => ({ rule, reason })) });
  });
  return out;
}

/**
 * Attaches each comment's suppressions to the first statement starting after it, i.e. the
 * statement the comment precedes.
 */
export function attachSuppressions<T extends { readonly line: number }>(
  statements: readonly T[],
  comments: readonly SuppressionComment[],
): (T & { lintIgnore?: readonly LintSuppression[] })[] {
  const extra = new Map<number, LintSuppression[]>();
  for (const comment of comments) {
    const index = statements.findIndex((s) => s.line > comment.line);
    if (index < 0) continue;
    const list = extra.get(index) ?? [];
    list.push(...comment.suppressions);
    extra.set(index, list);
  }
  return statements.map((s, i) => {
    const found = extra.get(i);
    return found ? { ...s, lintIgnore: found } : s;
  });
}
