/*
 * A view's query as a comparison key. pg_get_viewdef on PostgreSQL 15 and earlier qualifies every
 * column reference; 16 and later leave the qualifier out of the outermost query level when that
 * level reads a single relation (subqueries, and references from them to the outer relation, keep
 * theirs). The declaration is normalised by PGlite (17) while the database may be older, so the
 * key drops exactly those qualifiers: outer-level references to the outer level's only relation.
 * Joins, subqueries, string literals, schema-qualified names and function calls are compared as
 * printed, so two different views never share a key.
 */

const TOKEN = /'(?:[^']|'')*'|"(?:[^"]|"")*"|[A-Za-z_][\w$]*|\s+|[\s\S]/g;

/** Keywords that end a FROM list at its level. */
const FROM_END = new Set([
  'where',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'offset',
  'fetch',
  'union',
  'intersect',
  'except',
  'for',
]);
const JOIN_WORDS = new Set(['join', 'on', 'using', 'natural', 'cross', 'lateral']);

const isWord = (t: string): boolean => /^[A-Za-z_"]/.test(t);
const lower = (t: string): string => (t.startsWith('"') ? t : t.toLowerCase());
/** An identifier token as PostgreSQL prints a reference to it (`"Ab"` stays quoted). */
const ident = (t: string): string => (t.startsWith('"') ? t : t.toLowerCase());

interface Token {
  readonly text: string;
  /** Subquery nesting level (0: the view's own query). */
  readonly level: number;
  /** Parentheses around it, of any kind (a paren itself counts the ones outside it). */
  readonly depth: number;
}

function tokens(query: string): Token[] {
  const out: Token[] = [];
  const parens: boolean[] = []; // true: a subquery paren
  let level = 0;
  const raw = query.match(TOKEN) ?? [];
  raw.forEach((text, i) => {
    if (text === '(') {
      const next = raw.slice(i + 1).find((t) => !/^\s+$/.test(t)) ?? '';
      const sub = /^(select|with|values)$/i.test(next);
      out.push({ text, level, depth: parens.length });
      parens.push(sub);
      if (sub) level++;
      return;
    }
    if (text === ')') {
      if (parens.pop() === true) level--;
      out.push({ text, level, depth: parens.length });
      return;
    }
    out.push({ text, level, depth: parens.length });
  });
  return out;
}

/**
 * The names the outer level's columns may be qualified with, when each FROM list of the outer
 * level reads exactly one relation (its alias, else its unqualified name); empty otherwise.
 */
function outerRelations(list: readonly Token[]): Set<string> {
  const names = new Set<string>();
  const significant = list.filter((t) => !/^\s+$/.test(t.text));
  for (let i = 0; i < significant.length; i++) {
    const t = significant[i]!;
    if (t.level !== 0 || t.depth !== 0 || lower(t.text) !== 'from') continue;
    // The FROM list: tokens until a clause keyword of the outer query, or the end.
    const items: Token[] = [];
    for (let j = i + 1; j < significant.length; j++) {
      const u = significant[j]!;
      if (u.level === 0 && u.depth === 0 && (FROM_END.has(lower(u.text)) || u.text === ';')) break;
      items.push(u);
    }
    const outer = items.filter((u) => u.level === 0 && u.depth === 0);
    if (outer.some((u) => u.text === ',' || JOIN_WORDS.has(lower(u.text)))) return new Set();
    // `name`, `schema.name`, `name [AS] alias`, `( subquery ) [AS] alias`.
    const words = outer.filter((u) => isWord(u.text) && lower(u.text) !== 'as');
    const dotted = outer.findIndex((u) => u.text === '.');
    const alias =
      items[0]?.text === '('
        ? words.at(-1)
        : (words[dotted >= 0 ? 2 : 1] ?? words[dotted >= 0 ? 1 : 0]);
    if (alias === undefined) return new Set();
    names.add(ident(alias.text));
  }
  return names;
}

/**
 * The comparison key of a view query (see the top of this file).
 *
 * @example
 * viewQueryShape('SELECT a.id FROM a WHERE (a.x IN ( SELECT b.y FROM b))');
 * // 'SELECT id FROM a WHERE (x IN ( SELECT b.y FROM b))'
 */
export function viewQueryShape(query: string): string {
  const list = tokens(query);
  const qualifiers = outerRelations(list);
  if (qualifiers.size === 0) return query;
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    const before = list[i - 1]?.text;
    if (
      t.level === 0 &&
      isWord(t.text) &&
      qualifiers.has(ident(t.text)) &&
      list[i + 1]?.text === '.' &&
      isWord(list[i + 2]?.text ?? '') &&
      before !== '.'
    ) {
      i++; // the qualifier and its dot
      continue;
    }
    out += t.text;
  }
  return out;
}
