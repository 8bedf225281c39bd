import { field, list, str, unwrap, type Node } from './ast.js';

const UNIT_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * A `SET [LOCAL] lock_timeout|statement_timeout …` statement: which setting, its value in ms
 * (`DEFAULT`/`RESET` count as 0, PostgreSQL's default), and whether it is LOCAL.
 */
export interface TimeoutSetting {
  readonly name: 'lock_timeout' | 'statement_timeout';
  readonly ms: number;
  readonly local: boolean;
}

export function timeoutSetting(kind: string, node: Node): TimeoutSetting | undefined {
  if (kind !== 'VariableSetStmt') return undefined;
  const name = str(node, 'name');
  if (name !== 'lock_timeout' && name !== 'statement_timeout') return undefined;
  const local = field<boolean>(node, 'is_local') === true;
  const setKind = str(node, 'kind');
  if (setKind !== 'VAR_SET_VALUE') return { name, ms: 0, local };
  const arg = unwrap(list(node, 'args')[0], 'A_Const');
  const ival = field<Node>(arg, 'ival');
  if (ival) return { name, ms: typeof ival['ival'] === 'number' ? ival['ival'] : 0, local };
  const sval = str(field<Node>(arg, 'sval'), 'sval');
  return { name, ms: parseDuration(sval ?? '0'), local };
}

/** Parses a PostgreSQL duration setting (`'5s'`, `'1min'`, `'250'` = ms). Unparsable → NaN. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return Number.NaN;
  const unit = (m[2] ?? '').toLowerCase() || 'ms';
  const factor = UNIT_MS[unit];
  return factor === undefined ? Number.NaN : Number(m[1]) * factor;
}
