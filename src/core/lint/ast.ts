/**
 * Small, typed accessors over libpg-query parse trees. The trees are plain JSON (every node an
 * object with one key, its type), so rules read them through these helpers instead of casting.
 */

export type Node = Record<string, unknown>;

/** The node type of a wrapped node (`{IndexStmt: {...}}` → `IndexStmt`). */
export function nodeKind(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return Object.keys(node)[0];
}

/** The body of a wrapped node when it has the given type, else undefined. */
export function unwrap(node: unknown, kind: string): Node | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const body = (node as Node)[kind];
  return body !== null && typeof body === 'object' ? (body as Node) : undefined;
}

export function field<T = unknown>(node: Node | undefined, key: string): T | undefined {
  return node?.[key] as T | undefined;
}

/** An array field (libpg-query omits empty lists). */
export function list(node: Node | undefined, key: string): unknown[] {
  const value = node?.[key];
  return Array.isArray(value) ? value : [];
}

export function str(node: Node | undefined, key: string): string | undefined {
  const value = node?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** The `sval`s of a list of `String` nodes (qualified names, type names). */
export function names(items: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    const s = unwrap(item, 'String');
    if (s && typeof s['sval'] === 'string') out.push(s['sval']);
  }
  return out;
}

/** A table reference (RangeVar body): name and optional schema. */
export interface RelationName {
  readonly schema?: string | undefined;
  readonly name: string;
}

export function relationOf(stmt: Node | undefined, key = 'relation'): RelationName | undefined {
  const rel = field<Node>(stmt, key);
  const name = str(rel, 'relname');
  if (name === undefined) return undefined;
  return { schema: str(rel, 'schemaname'), name };
}

/** `schema.name` or `name`, for messages. */
export function displayName(rel: RelationName): string {
  return rel.schema ? `${rel.schema}.${rel.name}` : rel.name;
}

/** The column's type name without `pg_catalog.` (`int4`, `varchar`, `serial`, `timestamp`). */
export function typeNameOf(typeName: Node | undefined): string | undefined {
  const parts = names(list(typeName, 'names'));
  return parts.at(-1);
}

/** The constraints attached to a ColumnDef, unwrapped. */
export function columnConstraints(columnDef: Node | undefined): Node[] {
  return list(columnDef, 'constraints')
    .map((c) => unwrap(c, 'Constraint'))
    .filter((c): c is Node => c !== undefined);
}

/** Visits every object in a tree, depth first. Stops descending when `visit` returns false. */
export function walk(node: unknown, visit: (kind: string, body: Node) => boolean | void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Node)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // Node types start with an upper-case letter; plain fields are lower-case.
      if (/^[A-Z]/.test(key) && visit(key, value as Node) === false) continue;
    }
    walk(value, visit);
  }
}

/** Every string literal in a tree (`'x'`, `'x'::mood`, `ARRAY['x']`). */
export function stringLiterals(node: unknown): string[] {
  const out: string[] = [];
  walk(node, (kind, body) => {
    if (kind !== 'A_Const') return;
    const s = unwrap(body, 'sval') ?? (body['sval'] as Node | undefined);
    if (s && typeof s['sval'] === 'string') out.push(s['sval']);
  });
  return out;
}

/** Names of every function called in a tree (last part of the qualified name, lower case). */
export function functionCalls(node: unknown): string[] {
  const out: string[] = [];
  walk(node, (kind, body) => {
    if (kind !== 'FuncCall') return;
    const name = names(list(body, 'funcname')).at(-1);
    if (name) out.push(name.toLowerCase());
  });
  return out;
}

const encoder = new TextEncoder();

/** Length of a name in bytes, as PostgreSQL counts it against NAMEDATALEN (63). */
export function byteLength(name: string): number {
  // ASCII names (nearly all) need no encoding: one byte per character.
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0x7f) return encoder.encode(name).length;
  }
  return name.length;
}
