import type { EnumModel } from './schema-model.js';

/**
 * The enum a column type names (as `format_type` spells it: `status`, `"Status"`, `audit.level`,
 * with `[]` for an array), or undefined for any other type.
 *
 * @example
 * enumOfType('audit.level[]', enums); // { enum: { schema: 'audit', name: 'level', … }, array: true }
 */
export function enumOfType(
  type: string,
  enums: readonly EnumModel[],
): { enum: EnumModel; array: boolean } | undefined {
  const array = type.endsWith('[]');
  const base = array ? type.slice(0, -2) : type;
  const quote = (s: string): string =>
    /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`;
  for (const e of enums) {
    const name = quote(e.name);
    if (base === name || base === `${quote(e.schema)}.${name}`) return { enum: e, array };
  }
  return undefined;
}

/** An index key of the model split into its parts. */
export interface ParsedIndexKey {
  readonly column?: string | undefined;
  readonly expression?: string | undefined;
  readonly order?: 'desc' | undefined;
  readonly nulls?: 'first' | 'last' | undefined;
  readonly opclass?: string | undefined;
  readonly collation?: string | undefined;
}

/**
 * Splits a model index key (`email`, `"Email"`, `(lower(email))`, `at DESC NULLS LAST`,
 * `name gin_trgm_ops`).
 *
 * @example
 * parseIndexKey('(lower(email)) DESC'); // { expression: 'lower(email)', order: 'desc' }
 */
export function parseIndexKey(key: string): ParsedIndexKey {
  const m = /^(.*?)( DESC)?( NULLS (?:FIRST|LAST))?$/s.exec(key)!;
  // `key COLLATE "C" opclass`: the collation taken out first.
  const collated =
    /^(\(.*\)|"(?:[^"]|"")*"|[^\s"]+) COLLATE ("(?:[^"]|"")*"|[^\s"]+)((?: .+)?)$/s.exec(m[1]!);
  const rawCollation = collated?.[2];
  const collation =
    rawCollation?.startsWith('"') === true
      ? rawCollation.slice(1, -1).replaceAll('""', '"')
      : rawCollation;
  const keyText = collated ? collated[1]! + collated[3]! : m[1]!;
  const withClass = /^(\(.*\)|"(?:[^"]|"")*"|[^\s"]+) ([A-Za-z_][\w$]*|"(?:[^"]|"")*")$/s.exec(
    keyText,
  );
  const body = withClass ? withClass[1]! : keyText;
  const rawClass = withClass ? withClass[2]! : undefined;
  const opclass =
    rawClass?.startsWith('"') === true ? rawClass.slice(1, -1).replaceAll('""', '"') : rawClass;
  const expression = body.startsWith('(') && body.endsWith(')') ? body.slice(1, -1) : undefined;
  const column =
    expression === undefined
      ? body.startsWith('"')
        ? body.slice(1, -1).replaceAll('""', '"')
        : body
      : undefined;
  return {
    column,
    expression,
    order: m[2] ? 'desc' : undefined,
    nulls: m[3] ? (m[3].includes('FIRST') ? 'first' : 'last') : undefined,
    opclass,
    ...(collation === undefined ? {} : { collation }),
  };
}
