import type { Change, TableRef } from '../changes/change.js';
import type { ColumnModel, SchemaModel } from '../model/schema-model.js';
import { grantKey } from '../model/types.js';

/** The phases of diffSchemas this file adds to. */
interface TypePhases {
  prerequisites: Change[];
  removeDependents: Change[];
  columns: Change[];
  comments: Change[];
  dropPrerequisites: Change[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const keyOf = (o: { schema: string; name: string }): string => `${o.schema}\u0000${o.name}`;

/**
 * Collations, domains and composite types (created in that order, before the tables that use
 * them; dropped after, in reverse order), and grants (granted once their objects exist, revoked
 * before anything is dropped). A change of a domain's base type or a collation's settings
 * recreates it. Pure.
 *
 * @example
 * diffTypes(from, to, phases); // phases.prerequisites: [{ kind: 'CreateDomain', … }]
 */
export function diffTypes(from: SchemaModel, to: SchemaModel, p: TypePhases): void {
  const drops: Change[] = [];

  const fromCollations = new Map(from.collations.map((c) => [keyOf(c), c]));
  for (const c of to.collations) {
    const old = fromCollations.get(keyOf(c));
    const { comment: oldComment, ...oldRest } = old ?? { comment: undefined };
    const { comment: newComment, ...newRest } = c;
    if (old === undefined) {
      p.prerequisites.push({ kind: 'CreateCollation', collation: c });
    } else if (!same(oldRest, newRest)) {
      p.prerequisites.push({ kind: 'DropCollation', collation: old });
      p.prerequisites.push({ kind: 'CreateCollation', collation: c });
    } else if ((oldComment ?? null) !== (newComment ?? null)) {
      p.comments.push({
        kind: 'SetCollationComment',
        collation: c,
        from: oldComment,
        to: newComment,
      });
    }
  }

  const fromDomains = new Map(from.domains.map((d) => [keyOf(d), d]));
  for (const d of to.domains) {
    const old = fromDomains.get(keyOf(d));
    if (old === undefined) {
      p.prerequisites.push({ kind: 'CreateDomain', domain: d });
    } else if (old.type !== d.type || (old.collation ?? null) !== (d.collation ?? null)) {
      p.prerequisites.push({ kind: 'DropDomain', domain: old });
      p.prerequisites.push({ kind: 'CreateDomain', domain: d });
    } else if (!same(old, d)) {
      p.prerequisites.push({ kind: 'AlterDomain', from: old, to: d });
    }
  }

  const fromComposites = new Map(from.compositeTypes.map((t) => [keyOf(t), t]));
  for (const t of to.compositeTypes) {
    const old = fromComposites.get(keyOf(t));
    if (old === undefined) p.prerequisites.push({ kind: 'CreateCompositeType', type: t });
    else if (!same(old, t))
      p.prerequisites.push({
        kind: 'AlterCompositeType',
        from: old,
        to: t,
        columns: columnsOfType(to, t.schema, t.name),
      });
  }

  const toComposites = new Set(to.compositeTypes.map(keyOf));
  for (const t of [...from.compositeTypes].reverse())
    if (!toComposites.has(keyOf(t))) drops.push({ kind: 'DropCompositeType', type: t });
  const toDomains = new Set(to.domains.map(keyOf));
  for (const d of [...from.domains].reverse())
    if (!toDomains.has(keyOf(d))) drops.push({ kind: 'DropDomain', domain: d });
  const toCollations = new Set(to.collations.map(keyOf));
  for (const c of [...from.collations].reverse())
    if (!toCollations.has(keyOf(c))) drops.push({ kind: 'DropCollation', collation: c });
  // Before the enums, sequences and schemas they may use are dropped.
  p.dropPrerequisites.unshift(...drops);

  const fromGrants = new Map(from.grants.map((g) => [grantKey(g), g]));
  const toGrants = new Map(to.grants.map((g) => [grantKey(g), g]));
  for (const g of from.grants) {
    const now = toGrants.get(grantKey(g));
    if (now === undefined || now.withGrantOption !== g.withGrantOption)
      p.removeDependents.push({ kind: 'Revoke', grant: g });
  }
  for (const g of to.grants) {
    const before = fromGrants.get(grantKey(g));
    if (before === undefined || before.withGrantOption !== g.withGrantOption)
      p.comments.push({ kind: 'Grant', grant: g });
  }
}

/**
 * A column's collation change (`ALTER COLUMN … TYPE … COLLATE …`); also after a type change,
 * which resets the collation to the new type's default.
 */
export function diffColumnCollation(
  before: ColumnModel,
  after: ColumnModel,
  ref: TableRef,
  p: Pick<TypePhases, 'columns'>,
): void {
  const typeChanged = before.type !== after.type;
  if ((before.collation ?? null) === (after.collation ?? null) && !typeChanged) return;
  if (typeChanged && after.collation === undefined) return;
  p.columns.push({
    kind: 'AlterColumnCollation',
    ...ref,
    column: after.name,
    type: after.type,
    from: typeChanged ? undefined : before.collation,
    to: after.collation,
  });
}

/** The columns of `model` whose type is `schema.name` (as `format_type` spells it). */
function columnsOfType(
  model: SchemaModel,
  schema: string,
  name: string,
): (TableRef & { column: string })[] {
  const quote = (s: string): string =>
    /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`;
  const spellings = new Set([quote(name), `${quote(schema)}.${quote(name)}`]);
  return model.tables.flatMap((t) =>
    t.columns
      .filter((c) => spellings.has(c.type))
      .map((c) => ({ schema: t.schema, table: t.name, column: c.name })),
  );
}
