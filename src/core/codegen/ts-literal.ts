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

const OPEN: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

/** Index of each bracket's partner in `line` (strings and templates skipped), or undefined. */
function bracketPairs(line: string): Map<number, number> | undefined {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'" || ch === '`' || ch === '"') {
      for (i++; i < line.length && line[i] !== ch; i++) if (line[i] === '\\') i++;
      if (i >= line.length) return undefined;
    } else if (ch in OPEN) stack.push(i);
    else if (ch === ')' || ch === '}' || ch === ']') {
      const open = stack.pop();
      if (open === undefined || OPEN[line[open]!] !== ch) return undefined;
      pairs.set(open, i);
    }
  }
  return stack.length === 0 ? pairs : undefined;
}

/** Splits `text` at its top-level commas. */
function topLevelItems(text: string): string[] {
  const pairs = bracketPairs(text);
  if (!pairs) return [text];
  const items: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '`' || ch === '"') {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
    } else if (pairs.has(i)) i = pairs.get(i)!;
    else if (ch === ',') {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) items.push(last);
  return items;
}

/**
 * Breaks generated lines longer than `width` the way Prettier would: the first bracketed group
 * of the line that holds several items (or a long one) gets one item per line, with trailing
 * commas, again for items still too long; a last object or array argument is hugged
 * (`op.addColumn('t', 'c', {` … `});`). Keeps generated files readable instead of 200-character
 * lines. Every printer of generated TypeScript (op calls, declarations) ends with it.
 */
export function wrapLongLines(source: string, width = 100): string {
  return source
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string[] {
  if (line.length <= width || line.trimStart().startsWith('//')) return [line];
  const pairs = bracketPairs(line);
  if (!pairs) return [line];
  // The first top-level group that holds at least two items or a long one.
  const indent = /^\s*/.exec(line)![0];
  let i = 0;
  while (i < line.length) {
    const close = pairs.get(i);
    if (close !== undefined) {
      const inner = line.slice(i + 1, close).trim();
      const items = topLevelItems(inner);
      if (inner.length > 0 && (items.length > 1 || inner.length > 40)) {
        const head = line.slice(0, i + 1);
        const tail = line.slice(close);
        const inside = `${indent}  `;
        const hugged = hug(head, items, tail, indent, width);
        if (hugged) return hugged;
        return [
          head,
          ...items.flatMap((item) => wrapLine(`${inside}${item},`, width)),
          `${indent}${tail}`,
        ];
      }
      i = close + 1;
      continue;
    }
    const ch = line[i]!;
    if (ch === "'" || ch === '`' || ch === '"') {
      for (i++; i < line.length && line[i] !== ch; i++) if (line[i] === '\\') i++;
    }
    i++;
  }
  return [line];
}

/**
 * Prettier's hugging of a last object/array argument: `f(a, b, {` + its items + `})` when the
 * opening line fits, else undefined.
 */
function hug(
  head: string,
  items: readonly string[],
  tail: string,
  indent: string,
  width: number,
): string[] | undefined {
  const last = items.at(-1)!;
  if (!/^[{[]/.test(last) || bracketPairs(last)?.get(0) !== last.length - 1) return undefined;
  const opening = `${head}${items
    .slice(0, -1)
    .map((item) => `${item}, `)
    .join('')}${last[0]}`;
  const inner = topLevelItems(last.slice(1, -1).trim());
  if (opening.length > width || inner.length === 0) return undefined;
  return [
    opening,
    ...inner.flatMap((item) => wrapLine(`${indent}  ${item},`, width)),
    `${indent}${last.at(-1)!}${tail}`,
  ];
}

const SHORT_TYPES: readonly [RegExp, string][] = [
  [/^timestamp(\(\d+\))? with time zone\b/, 'timestamptz$1'],
  [/^timestamp(\(\d+\))? without time zone\b/, 'timestamp$1'],
  [/^time(\(\d+\))? with time zone\b/, 'timetz$1'],
  [/^time(\(\d+\))? without time zone\b/, 'time$1'],
  [/^character varying\b/, 'varchar'],
  [/^character\b/, 'char'],
  [/^bit varying\b/, 'varbit'],
];

/**
 * The short spelling of a type PostgreSQL prints in full (`format_type`): what people write in
 * migrations. `timestamp(3) with time zone[]` → `timestamptz(3)[]`, `character varying(255)` →
 * `varchar(255)`. PostgreSQL reads both alike.
 */
export function shortTypeName(type: string): string {
  for (const [long, short] of SHORT_TYPES) if (long.test(type)) return type.replace(long, short);
  return type;
}
