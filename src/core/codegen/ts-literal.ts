/** TypeScript source for a string: single-quoted, escaped. */
export function tsString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n').replaceAll('\r', '\\r')}'`;
}

/** TypeScript source for an sql`…` template holding `text` verbatim. */
export function tsSql(text: string): string {
  return `sql\`${text.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${')}\``;
}

/** A JavaScript identifier when `key` is one, else a quoted key. */
export function tsKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : tsString(key);
}

/** An object literal from entries whose values are already TypeScript source; undefined left out. */
export function tsObject(entries: readonly (readonly [string, string | undefined])[]): string {
  const parts = entries.filter((e) => e[1] !== undefined).map(([k, v]) => `${tsKey(k)}: ${v!}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

export const tsList = (items: readonly string[]): string => `[${items.map(tsString).join(', ')}]`;

/**
 * A default expression as TypeScript: `'draft'::status` → `'draft'` when the cast is to the
 * column's own type (PostgreSQL adds it back), numbers and booleans as they are, anything else
 * as sql`…`.
 */
export function tsDefault(value: string, type: string): string {
  const m = /^'((?:[^']|'')*)'::(.+)$/s.exec(value);
  if (m && m[2] === type) return tsString(m[1]!.replaceAll("''", "'"));
  if (/^(0|[1-9]\d{0,14})(\.\d+)?$/.test(value)) return value;
  if (value === 'true' || value === 'false') return value;
  return tsSql(value);
}
