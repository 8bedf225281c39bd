import type { Change } from '../changes/change.js';

/**
 * The last drops of a migration in an order PostgreSQL accepts: a schema is dropped (without
 * CASCADE) only once it is empty, so every `DropSchema` comes after the drops of the types,
 * domains, collations, enums, sequences and extensions of this list, wherever they were
 * collected; nothing dropped here needs a schema to be gone first. The rest keep their order.
 * Its reverse (reverseChanges) creates the schemas before what goes into them.
 *
 * @example
 * schemasAfterTheirObjects([{ kind: 'DropSchema', schema: 'audit' }, dropEnum]); // [dropEnum, DropSchema]
 */
export function schemasAfterTheirObjects(drops: readonly Change[]): Change[] {
  return [
    ...drops.filter((c) => c.kind !== 'DropSchema'),
    ...drops.filter((c) => c.kind === 'DropSchema'),
  ];
}
