import type { TypeChange, TypeChangeKind } from '../changes/type-changes.js';
import type {
  CollationModel,
  CompositeAttributeModel,
  CompositeTypeModel,
  DomainModel,
  GrantModel,
} from '../model/types.js';
import type { Operation } from '../ops/operations.js';
import { sql } from '../ops/sql-expression.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../sql/quote.js';

/*
 * Change → Operation[] for domains, composite types, collations, column collations and grants
 * (spread into plan.ts' planner record). The op API has no dedicated operation for these yet: each
 * is `op.execute` of SQL built here from quoted parts, rendered by the runner's renderer like any
 * other operation.
 */

type Of<K extends TypeChangeKind> = Extract<TypeChange, { kind: K }>;

const q = (schema: string, name: string): string =>
  quoteQualified(name, schema === 'public' ? undefined : schema);

const execute = (statements: readonly string[]): Operation[] =>
  statements.map((text) => ({ kind: 'Execute', sql: sql(text) }));

const collate = (collation: string | undefined): string =>
  collation === undefined ? '' : ` COLLATE ${quoteIdent(collation)}`;

const comment = (what: string, target: string, text: string | undefined): string =>
  `COMMENT ON ${what} ${target} IS ${quoteLiteral(text ?? null)}`;

function createDomain(d: DomainModel): string[] {
  let text = `CREATE DOMAIN ${q(d.schema, d.name)} AS ${d.type}${collate(d.collation)}`;
  if (d.default !== undefined) text += ` DEFAULT ${d.default}`;
  if (d.notNull) text += ' NOT NULL';
  for (const c of d.checks)
    text += `${c.name === undefined ? '' : ` CONSTRAINT ${quoteIdent(c.name)}`} CHECK (${c.expression})`;
  return [
    text,
    ...(d.comment === undefined ? [] : [comment('DOMAIN', q(d.schema, d.name), d.comment)]),
  ];
}

function alterDomain(from: DomainModel, to: DomainModel): string[] {
  const name = q(to.schema, to.name);
  const out: string[] = [];
  const same = (a: DomainModel['checks'][number], b: DomainModel['checks'][number]): boolean =>
    a.name === b.name && a.expression === b.expression;
  for (const c of from.checks)
    if (!to.checks.some((d) => same(c, d)) && c.name !== undefined)
      out.push(`ALTER DOMAIN ${name} DROP CONSTRAINT ${quoteIdent(c.name)}`);
  if ((from.default ?? null) !== (to.default ?? null))
    out.push(
      `ALTER DOMAIN ${name} ${to.default === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${to.default}`}`,
    );
  if (from.notNull !== to.notNull)
    out.push(`ALTER DOMAIN ${name} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`);
  for (const c of to.checks)
    if (!from.checks.some((d) => same(c, d)))
      out.push(
        `ALTER DOMAIN ${name} ADD${c.name === undefined ? '' : ` CONSTRAINT ${quoteIdent(c.name)}`} CHECK (${c.expression})`,
      );
  if ((from.comment ?? null) !== (to.comment ?? null))
    out.push(comment('DOMAIN', name, to.comment));
  return out;
}

const attribute = (a: CompositeAttributeModel): string =>
  `${quoteIdent(a.name)} ${a.type}${collate(a.collation)}`;

function createComposite(t: CompositeTypeModel): string[] {
  return [
    `CREATE TYPE ${q(t.schema, t.name)} AS (${t.attributes.map(attribute).join(', ')})`,
    ...(t.comment === undefined ? [] : [comment('TYPE', q(t.schema, t.name), t.comment)]),
  ];
}

/**
 * A composite type that columns use cannot be altered in place: it is renamed, created anew,
 * each column recast attribute by attribute (kept attributes cast to their new type, new ones
 * NULL), and the old type dropped.
 */
function recreateComposite(c: Of<'AlterCompositeType'>): string[] {
  const name = q(c.to.schema, c.to.name);
  const old = `${c.to.name}__old`;
  const out = [
    `ALTER TYPE ${name} RENAME TO ${quoteIdent(old)}`,
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
      `ALTER TABLE ${q(col.schema, col.table)} ALTER COLUMN ${column} TYPE ${name} USING CASE WHEN ${column} IS NULL THEN NULL ELSE ROW(${fields.join(', ')})::${name} END`,
    );
  }
  out.push(`DROP TYPE ${q(c.to.schema, old)}`);
  if (c.to.comment !== undefined) out.push(comment('TYPE', name, c.to.comment));
  return out;
}

function alterComposite(from: CompositeTypeModel, to: CompositeTypeModel): string[] {
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
  const out = actions.length > 0 ? [`ALTER TYPE ${name} ${actions.join(', ')}`] : [];
  if ((from.comment ?? null) !== (to.comment ?? null)) out.push(comment('TYPE', name, to.comment));
  return out;
}

function createCollation(c: CollationModel): string[] {
  const options = [`provider = ${c.provider}`];
  if (c.locale !== undefined) options.push(`locale = ${quoteLiteral(c.locale)}`);
  if (c.lcCollate !== undefined) options.push(`lc_collate = ${quoteLiteral(c.lcCollate)}`);
  if (c.lcCtype !== undefined) options.push(`lc_ctype = ${quoteLiteral(c.lcCtype)}`);
  if (!c.deterministic) options.push('deterministic = false');
  return [
    `CREATE COLLATION ${q(c.schema, c.name)} (${options.join(', ')})`,
    ...(c.comment === undefined ? [] : [comment('COLLATION', q(c.schema, c.name), c.comment)]),
  ];
}

/** `TABLE "s"."t"`, `SEQUENCE …`, `SCHEMA "s"`, `FUNCTION "s"."f"(uuid)`. */
export function grantTarget(g: GrantModel): string {
  switch (g.objectType) {
    case 'schema':
      return `SCHEMA ${quoteIdent(g.name)}`;
    case 'function': {
      const open = g.name.indexOf('(');
      const name = open < 0 ? g.name : g.name.slice(0, open);
      const args = open < 0 ? '()' : g.name.slice(open);
      return `FUNCTION ${q(g.schema, name)}${args}`;
    }
    default:
      return `${g.objectType.toUpperCase()} ${q(g.schema, g.name)}`;
  }
}

const role = (name: string): string => (name === 'PUBLIC' ? 'PUBLIC' : quoteIdent(name));
const privilege = (p: string): string => {
  if (!/^[A-Z ]+$/.test(p)) throw new TypeError(`Not a privilege: ${JSON.stringify(p)}`);
  return p;
};

const sameAttributes = (a: CompositeTypeModel, b: CompositeTypeModel): boolean =>
  JSON.stringify(a.attributes) === JSON.stringify(b.attributes);

/** The column recasts rewrite their tables: no lint-clean form exists. */
function withTypeLintIgnore(operations: Operation[], type: string): Operation[] {
  return operations.map((op) =>
    op.kind === 'Execute' &&
    / ALTER COLUMN .* TYPE /.test(typeof op.sql === 'string' ? op.sql : op.sql.text)
      ? {
          ...op,
          lintIgnore: [
            {
              rule: 'changing-column-type',
              reason: `recasts the column to the recreated composite type ${type}: rewrites its table under an ACCESS EXCLUSIVE lock`,
            },
          ],
        }
      : op,
  );
}

/** The plain form of each type change. */
export const typePlanners: { readonly [K in TypeChangeKind]: (c: Of<K>) => Operation[] } = {
  CreateDomain: (c) => execute(createDomain(c.domain)),
  DropDomain: (c) => execute([`DROP DOMAIN ${q(c.domain.schema, c.domain.name)}`]),
  AlterDomain: (c) => execute(alterDomain(c.from, c.to)),
  CreateCompositeType: (c) => execute(createComposite(c.type)),
  DropCompositeType: (c) => execute([`DROP TYPE ${q(c.type.schema, c.type.name)}`]),
  AlterCompositeType: (c) =>
    c.columns.length > 0 && !sameAttributes(c.from, c.to)
      ? withTypeLintIgnore(execute(recreateComposite(c)), c.to.name)
      : execute(alterComposite(c.from, c.to)),
  CreateCollation: (c) => execute(createCollation(c.collation)),
  DropCollation: (c) => execute([`DROP COLLATION ${q(c.collation.schema, c.collation.name)}`]),
  SetCollationComment: (c) =>
    execute([comment('COLLATION', q(c.collation.schema, c.collation.name), c.to)]),
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
  Grant: (c) =>
    execute([
      `GRANT ${privilege(c.grant.privilege)} ON ${grantTarget(c.grant)} TO ${role(c.grant.grantee)}${c.grant.withGrantOption ? ' WITH GRANT OPTION' : ''}`,
    ]),
  Revoke: (c) =>
    execute([
      `REVOKE ${privilege(c.grant.privilege)} ON ${grantTarget(c.grant)} FROM ${role(c.grant.grantee)}`,
    ]),
};
