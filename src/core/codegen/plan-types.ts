import type { TypeChange, TypeChangeKind } from '../changes/type-changes.js';
import type {
  CollationModel,
  CompositeAttributeModel,
  CompositeTypeModel,
  DomainCheckModel,
  DomainModel,
  GrantModel,
} from '../model/types.js';
import type { DomainCheck } from '../ops/type-operations.js';
import type { Operation } from '../ops/operations.js';
import { sql } from '../ops/sql-expression.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import { setCommentOp } from './plan-comments.js';

/*
 * Change → Operation[] for domains, composite types, collations, column collations and grants
 * (spread into plan.ts' planner record): op.createDomain / alterDomain / dropDomain,
 * op.createType / dropType, op.createCollation / dropCollation, op.grant / op.revoke and
 * op.setComment. What the op API has no operation for (changing the attributes of a composite
 * type, a column's collation) is `op.execute` of SQL built here from quoted parts.
 */

type Of<K extends TypeChangeKind> = Extract<TypeChange, { kind: K }>;

const q = (schema: string, name: string): string =>
  quoteQualified(name, schema === 'public' ? undefined : schema);

const inSchema = (schema: string): { schema?: string } => (schema === 'public' ? {} : { schema });

const execute = (statements: readonly string[]): Operation[] =>
  statements.map((text) => ({ kind: 'Execute', sql: sql(text) }));

const collate = (collation: string | undefined): string =>
  collation === undefined ? '' : ` COLLATE ${quoteIdent(collation)}`;

/** COMMENT ON a domain, type or collation; nothing when `text` is undefined and `always` is not set. */
const comment = (
  objectType: 'domain' | 'type' | 'collation',
  o: { readonly schema: string; readonly name: string },
  text: string | undefined,
  always = false,
): Operation[] =>
  text === undefined && !always
    ? []
    : [setCommentOp({ objectType, schema: o.schema, name: o.name }, text)];

const domainCheck = (c: DomainCheckModel): DomainCheck => ({
  ...(c.name === undefined ? {} : { name: c.name }),
  expression: sql(c.expression),
});

function createDomain(d: DomainModel): Operation[] {
  return [
    {
      kind: 'CreateDomain',
      name: d.name,
      type: d.type,
      ...inSchema(d.schema),
      ...(d.collation === undefined ? {} : { collate: d.collation }),
      ...(d.default === undefined ? {} : { default: sql(d.default) }),
      ...(d.notNull ? { notNull: true } : {}),
      ...(d.checks.length === 0 ? {} : { checks: d.checks.map(domainCheck) }),
    },
    ...comment('domain', d, d.comment),
  ];
}

function alterDomain(from: DomainModel, to: DomainModel): Operation[] {
  const base = { kind: 'AlterDomain' as const, name: to.name, ...inSchema(to.schema) };
  const out: Operation[] = [];
  const same = (a: DomainCheckModel, b: DomainCheckModel): boolean =>
    a.name === b.name && a.expression === b.expression;
  for (const c of from.checks)
    if (!to.checks.some((d) => same(c, d)) && c.name !== undefined)
      out.push({ ...base, dropConstraint: c.name });
  if ((from.default ?? null) !== (to.default ?? null))
    out.push(
      to.default === undefined
        ? { ...base, dropDefault: true }
        : { ...base, default: sql(to.default) },
    );
  if (from.notNull !== to.notNull) out.push({ ...base, notNull: to.notNull });
  for (const c of to.checks)
    if (!from.checks.some((d) => same(c, d))) out.push({ ...base, addCheck: domainCheck(c) });
  if ((from.comment ?? null) !== (to.comment ?? null))
    out.push(...comment('domain', to, to.comment, true));
  return out;
}

function createComposite(t: CompositeTypeModel): Operation[] {
  return [
    {
      kind: 'CreateType',
      name: t.name,
      attributes: Object.fromEntries(
        t.attributes.map((a) => [
          a.name,
          a.collation === undefined ? a.type : { type: a.type, collate: a.collation },
        ]),
      ),
      ...inSchema(t.schema),
    },
    ...comment('type', t, t.comment),
  ];
}

const attribute = (a: CompositeAttributeModel): string =>
  `${quoteIdent(a.name)} ${a.type}${collate(a.collation)}`;

/**
 * A composite type that columns use cannot be altered in place: it is renamed, created anew,
 * each column recast attribute by attribute (kept attributes cast to their new type, new ones
 * NULL), and the old type dropped.
 */
function recreateComposite(c: Of<'AlterCompositeType'>): Operation[] {
  const name = q(c.to.schema, c.to.name);
  const old = `${c.to.name}__old`;
  const out: Operation[] = [
    ...execute([`ALTER TYPE ${name} RENAME TO ${quoteIdent(old)}`]),
    ...createComposite({ ...c.to, comment: undefined }),
  ];
  for (const col of c.columns) {
    const column = quoteIdent(col.column);
    const fields = c.to.attributes.map((a) =>
      c.from.attributes.some((b) => b.name === a.name)
        ? `(${column}).${quoteIdent(a.name)}::${a.type}`
        : `NULL::${a.type}`,
    );
    out.push(
      ...execute([
        `ALTER TABLE ${q(col.schema, col.table)} ALTER COLUMN ${column} TYPE ${name} USING CASE WHEN ${column} IS NULL THEN NULL ELSE ROW(${fields.join(', ')})::${name} END`,
      ]),
    );
  }
  out.push({ kind: 'DropType', name: old, ...inSchema(c.to.schema) });
  out.push(...comment('type', c.to, c.to.comment));
  return out;
}

function alterComposite(from: CompositeTypeModel, to: CompositeTypeModel): Operation[] {
  const name = q(to.schema, to.name);
  const actions: string[] = [];
  for (const a of from.attributes)
    if (!to.attributes.some((b) => b.name === a.name))
      actions.push(`DROP ATTRIBUTE ${quoteIdent(a.name)}`);
  for (const b of to.attributes) {
    const a = from.attributes.find((x) => x.name === b.name);
    if (a === undefined) actions.push(`ADD ATTRIBUTE ${attribute(b)}`);
    else if (a.type !== b.type || a.collation !== b.collation)
      actions.push(`ALTER ATTRIBUTE ${quoteIdent(b.name)} TYPE ${b.type}${collate(b.collation)}`);
  }
  return [
    ...(actions.length > 0 ? execute([`ALTER TYPE ${name} ${actions.join(', ')}`]) : []),
    ...((from.comment ?? null) !== (to.comment ?? null)
      ? comment('type', to, to.comment, true)
      : []),
  ];
}

function createCollation(c: CollationModel): Operation[] {
  return [
    {
      kind: 'CreateCollation',
      name: c.name,
      ...inSchema(c.schema),
      ...(c.provider === 'libc' ? {} : { provider: c.provider as 'icu' | 'builtin' }),
      ...(c.locale === undefined ? {} : { locale: c.locale }),
      ...(c.lcCollate === undefined ? {} : { lcCollate: c.lcCollate }),
      ...(c.lcCtype === undefined ? {} : { lcCtype: c.lcCtype }),
      ...(c.deterministic ? {} : { deterministic: false }),
    },
    ...comment('collation', c, c.comment),
  ];
}

/** op.grant / op.revoke of one modelled privilege (a function's `name(args)` split in two). */
function grantOp(kind: 'Grant' | 'Revoke', g: GrantModel): Operation {
  const open = g.objectType === 'function' ? g.name.indexOf('(') : -1;
  const name = open < 0 ? g.name : g.name.slice(0, open);
  const args = open < 0 ? undefined : g.name.slice(open + 1, -1);
  return {
    kind,
    privileges: g.privilege,
    objectType: g.objectType,
    name,
    grantees: g.grantee,
    ...(g.objectType === 'schema' ? {} : inSchema(g.schema)),
    ...(g.objectType === 'function' ? { args: args ?? '' } : {}),
    ...(kind === 'Grant' && g.withGrantOption ? { withGrantOption: true } : {}),
  };
}

const sameAttributes = (a: CompositeTypeModel, b: CompositeTypeModel): boolean =>
  JSON.stringify(a.attributes) === JSON.stringify(b.attributes);

/**
 * The column recasts to a recreated type (`enum mood`, `composite type dims`) rewrite their
 * tables: no lint-clean form exists, so each carries a lintIgnore saying so.
 */
export function withRecastLintIgnore(operations: readonly Operation[], type: string): Operation[] {
  return operations.map((op) =>
    op.kind === 'Execute' &&
    / ALTER COLUMN .* TYPE /.test(typeof op.sql === 'string' ? op.sql : op.sql.text)
      ? {
          ...op,
          lintIgnore: [
            {
              rule: 'changing-column-type',
              reason: `recasts the column to the recreated ${type}: rewrites its table under an ACCESS EXCLUSIVE lock`,
            },
          ],
        }
      : op,
  );
}

/** The plain form of each type change. */
export const typePlanners: { readonly [K in TypeChangeKind]: (c: Of<K>) => Operation[] } = {
  CreateDomain: (c) => createDomain(c.domain),
  DropDomain: (c) => [{ kind: 'DropDomain', name: c.domain.name, ...inSchema(c.domain.schema) }],
  AlterDomain: (c) => alterDomain(c.from, c.to),
  CreateCompositeType: (c) => createComposite(c.type),
  DropCompositeType: (c) => [{ kind: 'DropType', name: c.type.name, ...inSchema(c.type.schema) }],
  AlterCompositeType: (c) =>
    c.columns.length > 0 && !sameAttributes(c.from, c.to)
      ? withRecastLintIgnore(recreateComposite(c), `composite type ${c.to.name}`)
      : alterComposite(c.from, c.to),
  CreateCollation: (c) => createCollation(c.collation),
  DropCollation: (c) => [
    { kind: 'DropCollation', name: c.collation.name, ...inSchema(c.collation.schema) },
  ],
  SetCollationComment: (c) => comment('collation', c.collation, c.to, true),
  AlterColumnCollation: (c) => [
    {
      kind: 'Execute',
      sql: sql(
        `ALTER TABLE ${q(c.schema, c.table)} ALTER COLUMN ${quoteIdent(c.column)} TYPE ${c.type} COLLATE ${quoteIdent(c.to ?? 'default')}`,
      ),
      lintIgnore: [
        {
          rule: 'changing-column-type',
          reason: `changes only the collation of ${c.table}.${c.column}: no table rewrite, its indexes are rebuilt under an ACCESS EXCLUSIVE lock`,
        },
      ],
    },
  ],
  Grant: (c) => [grantOp('Grant', c.grant)],
  Revoke: (c) => [grantOp('Revoke', c.grant)],
};
