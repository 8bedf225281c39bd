/**
 * The advisory-lock key of a version table: a signed 64-bit FNV-1a hash of
 * `retort:<schema>.<table>`, as a decimal string for `pg_try_advisory_lock($1::bigint)`. Two
 * projects sharing a database but not a version table never block each other.
 *
 * @example
 * migrationLockKey('public', 'retort_version'); // '-3740346479036316379' (stable)
 */
export function migrationLockKey(schema: string, table: string): string {
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(`retort:${schema}.${table}`)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & mask;
  }
  return BigInt.asIntN(64, hash).toString();
}
