/**
 * The one place identifiers and literals become SQL text. Every renderer goes through these;
 * never concatenate user-supplied names or values into SQL any other way.
 */

/** Quotes an identifier for PostgreSQL, always with double quotes so case and keywords survive. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new TypeError('An SQL identifier cannot be empty');
  if (name.includes('\u0000'))
    throw new TypeError('An SQL identifier cannot contain a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes an optionally schema-qualified name: `qualifiedName('users', 'auth')` → `"auth"."users"`. */
export function quoteQualified(name: string, schema?: string | null): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

/**
 * Quotes a literal. Strings use standard quoting, or E'' quoting when they contain a backslash so
 * the result is the same whatever `standard_conforming_strings` says.
 */
export function quoteLiteral(value: string | number | bigint | boolean | null | Date): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `'${String(value)}'`;
    return String(value);
  }
  const text = value instanceof Date ? value.toISOString() : value;
  if (text.includes('\u0000')) throw new TypeError('An SQL literal cannot contain a NUL character');
  const body = text.replaceAll("'", "''");
  return text.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}
