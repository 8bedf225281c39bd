/**
 * A parsed target string, Alembic's syntax (alembic/script/revision.py `_relative_destination`).
 *
 * - `absolute`: `head`, `heads`, `base`, an id, a prefix, a branch label, each optionally
 *   qualified `label@...` (`label@head`, `label@base`, `label@ae10`).
 * - `relative`: `+N`/`-N` (from the current heads), `<symbol>+N`/`<symbol>-N` (from a revision,
 *   `head` or `base`), `label@+N`/`label@-N`, `label@<symbol>±N`.
 */
export type RevisionTarget =
  | { readonly kind: 'absolute'; readonly label: string | undefined; readonly symbol: string }
  | {
      readonly kind: 'relative';
      readonly label: string | undefined;
      /** Undefined: relative to the current heads. */
      readonly symbol: string | undefined;
      readonly delta: number;
      /** As written (`+2`, `-1`), for messages. */
      readonly relative: string;
    };

const RELATIVE = /^(?:(.+?)@)?([^@+:-]+)?([+-]\d+)$/;

/**
 * Parses one target (not a `start:end` range: see `parseRange`).
 *
 * @example
 * parseTarget('c1branch@-1'); // { kind: 'relative', label: 'c1branch', symbol: undefined, delta: -1, relative: '-1' }
 * parseTarget('ae10@head');   // { kind: 'absolute', label: 'ae10', symbol: 'head' }
 */
export function parseTarget(target: string): RevisionTarget {
  const m = RELATIVE.exec(target);
  if (m !== null) {
    const relative = m[3] ?? '+0';
    return {
      kind: 'relative',
      label: m[1] || undefined,
      symbol: m[2] || undefined,
      delta: Number.parseInt(relative, 10),
      relative,
    };
  }
  const at = target.lastIndexOf('@');
  if (at < 0) return { kind: 'absolute', label: undefined, symbol: target };
  return {
    kind: 'absolute',
    label: target.slice(0, at) || undefined,
    symbol: target.slice(at + 1),
  };
}
