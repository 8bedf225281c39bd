import type {
  CollationModel,
  CompositeTypeModel,
  DomainModel,
  GrantModel,
} from '../model/types.js';
import { qualifiedKey } from '../model/schema-model.js';
import type { Change, TableRef } from './change.js';

/**
 * Changes of domains, composite types, collations, column collations and grants. Like every
 * change, each carries what its inverse needs.
 */
export type TypeChange =
  | { readonly kind: 'CreateDomain'; readonly domain: DomainModel }
  | { readonly kind: 'DropDomain'; readonly domain: DomainModel }
  /** Default, NOT NULL, checks and comment of a domain (its base type cannot change in place). */
  | { readonly kind: 'AlterDomain'; readonly from: DomainModel; readonly to: DomainModel }
  | { readonly kind: 'CreateCompositeType'; readonly type: CompositeTypeModel }
  | { readonly kind: 'DropCompositeType'; readonly type: CompositeTypeModel }
  /** Attributes added, dropped or retyped, and the comment. */
  | {
      readonly kind: 'AlterCompositeType';
      readonly from: CompositeTypeModel;
      readonly to: CompositeTypeModel;
      /**
       * Columns of this type (`schema.table.column`): PostgreSQL cannot alter the attributes of a
       * type a column uses, so the type is recreated and the columns recast.
       */
      readonly columns: readonly (TableRef & { readonly column: string })[];
    }
  | { readonly kind: 'CreateCollation'; readonly collation: CollationModel }
  | { readonly kind: 'DropCollation'; readonly collation: CollationModel }
  | {
      readonly kind: 'SetCollationComment';
      readonly collation: CollationModel;
      readonly from: string | undefined;
      readonly to: string | undefined;
    }
  /** ALTER COLUMN … TYPE (same type) COLLATE …; `undefined` is the type's default collation. */
  | (TableRef & {
      readonly kind: 'AlterColumnCollation';
      readonly column: string;
      readonly type: string;
      readonly from: string | undefined;
      readonly to: string | undefined;
    })
  | { readonly kind: 'Grant'; readonly grant: GrantModel }
  | { readonly kind: 'Revoke'; readonly grant: GrantModel };

export type TypeChangeKind = TypeChange['kind'];
type Of<K extends TypeChangeKind> = Extract<TypeChange, { kind: K }>;

/** The reverse of each type change (spread into reverse-change.ts' record). */
export const typeReversers: { readonly [K in TypeChangeKind]: (c: Of<K>) => Change } = {
  CreateDomain: (c) => ({ kind: 'DropDomain', domain: c.domain }),
  DropDomain: (c) => ({ kind: 'CreateDomain', domain: c.domain }),
  AlterDomain: (c) => ({ kind: 'AlterDomain', from: c.to, to: c.from }),
  CreateCompositeType: (c) => ({ kind: 'DropCompositeType', type: c.type }),
  DropCompositeType: (c) => ({ kind: 'CreateCompositeType', type: c.type }),
  AlterCompositeType: (c) => ({ ...c, from: c.to, to: c.from }),
  CreateCollation: (c) => ({ kind: 'DropCollation', collation: c.collation }),
  DropCollation: (c) => ({ kind: 'CreateCollation', collation: c.collation }),
  SetCollationComment: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterColumnCollation: (c) => ({ ...c, from: c.to, to: c.from }),
  Grant: (c) => ({ kind: 'Revoke', grant: c.grant }),
  Revoke: (c) => ({ kind: 'Grant', grant: c.grant }),
};

const key = (o: { schema: string; name: string }): string => qualifiedKey(o.schema, o.name);
const grantText = (g: GrantModel): string =>
  `${g.privilege} on ${g.objectType} ${g.objectType === 'schema' ? g.name : qualifiedKey(g.schema, g.name)} to ${g.grantee}${g.withGrantOption ? ' with grant option' : ''}`;

/** One line per type change (spread into describe-change.ts' record). */
export const typeDescribers: { readonly [K in TypeChangeKind]: (c: Of<K>) => string } = {
  CreateDomain: (c) => `add domain ${key(c.domain)} (${c.domain.type})`,
  DropDomain: (c) => `drop domain ${key(c.domain)}`,
  AlterDomain: (c) => `change domain ${key(c.to)}`,
  CreateCompositeType: (c) => `add composite type ${key(c.type)}`,
  DropCompositeType: (c) => `drop composite type ${key(c.type)}`,
  AlterCompositeType: (c) => `change composite type ${key(c.to)}`,
  CreateCollation: (c) => `add collation ${key(c.collation)}`,
  DropCollation: (c) => `drop collation ${key(c.collation)}`,
  SetCollationComment: (c) => `change comment of collation ${key(c.collation)}`,
  AlterColumnCollation: (c) =>
    `change collation of ${qualifiedKey(c.schema, c.table)}.${c.column}: ${c.from ?? '(default)'} → ${c.to ?? '(default)'}`,
  Grant: (c) => `grant ${grantText(c.grant)}`,
  Revoke: (c) => `revoke ${grantText(c.grant)}`,
};

/** Whether a type change can lose data: dropping a type, or attributes of a composite type. */
export function isTypeChangeDestructive(change: TypeChange): boolean {
  switch (change.kind) {
    case 'DropDomain':
    case 'DropCompositeType':
      return true;
    case 'AlterCompositeType':
      return change.from.attributes.some(
        (a) => !change.to.attributes.some((b) => b.name === a.name && b.type === a.type),
      );
    default:
      return false;
  }
}
