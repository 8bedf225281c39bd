import type { Change, ChangeKind, ChangeOf, TableRef } from '../changes/change.js';
import { describeChange } from '../changes/describe-change.js';
import { renderChange } from '../changes/render-change.js';
import { isDestructive } from '../changes/reverse-change.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import { notNullCheckName } from './changes-to-ops.js';

/** The SQL spelling of `op.commit()`: the statement below it starts a new transaction. */
const COMMIT = '-- retort-commit';

const q = (c: TableRef, name: string): string =>
  quoteQualified(name, c.schema === 'public' ? undefined : c.schema);
const alter = (c: TableRef): string => `ALTER TABLE ${q(c, c.table)}`;
const validate = (c: TableRef, name: string | undefined): string =>
  `${alter(c)} VALIDATE CONSTRAINT ${quoteIdent(name ?? '')}`;

/** A change on an existing table: statements now, and statements after the commit. */
interface SafeSql {
  readonly now: readonly string[];
  readonly later?: readonly string[];
}

const concurrently = (definition: string): string =>
  definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ');

/** The same safe forms as the TypeScript generator's (changes-to-ops.ts), as SQL. */
const safeSql: { readonly [K in ChangeKind]?: (change: ChangeOf<K>) => SafeSql | undefined } = {
  CreateIndex: (c) => ({ now: renderChange(c).map(concurrently) }),
  DropIndex: (c) => ({
    now: [`DROP INDEX CONCURRENTLY IF EXISTS ${q(c, c.index.name ?? '')}`],
  }),
  AddForeignKey: (c) => ({
    now: renderChange(c).map((s) => `${s} NOT VALID`),
    later: [validate(c, c.foreignKey.name)],
  }),
  AddCheck: (c) => ({
    now: renderChange(c).map((s) => `${s} NOT VALID`),
    later: [validate(c, c.check.name)],
  }),
  AlterColumnNullability: (c) => {
    if (!c.notNull) return undefined;
    const check = notNullCheckName(c.table, c.column);
    return {
      now: [
        `${alter(c)} ADD CONSTRAINT ${quoteIdent(check)} CHECK (${quoteIdent(c.column)} IS NOT NULL) NOT VALID`,
      ],
      later: [
        validate(c, check),
        ...renderChange(c),
        `${alter(c)} DROP CONSTRAINT ${quoteIdent(check)}`,
      ],
    };
  },
  AddUnique: (c) => {
    const name = quoteIdent(c.unique.name ?? '');
    const columns = c.unique.columns.map(quoteIdent).join(', ');
    return {
      now: [
        `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${q(c, c.table)} (${columns})${c.unique.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`,
        `${alter(c)} ADD CONSTRAINT ${name} UNIQUE USING INDEX ${name}`,
      ],
    };
  },
};

/**
 * A `.sql` revision's section for a list of changes: one statement per line, destructive ones
 * flagged; on tables that already exist (not created in the same list), the forms `retort lint`
 * accepts, validations after a `-- retort-commit` line.
 *
 * @example
 * changesToSql([{ kind: 'CreateIndex', schema: 'public', table: 'users', index }]);
 * // 'CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON public.users USING btree (email);'
 */
export function changesToSql(changes: readonly Change[]): string {
  const created = new Set(
    changes.flatMap((c) => (c.kind === 'CreateTable' ? [`${c.table.schema}.${c.table.name}`] : [])),
  );
  const later: string[] = [];
  const blocks = changes.map((change) => {
    const safe = safeSql[change.kind] as ((c: Change) => SafeSql | undefined) | undefined;
    // Every kind with a safe form is a change on one table (a TableRef).
    const ref = change as Change & TableRef;
    const form =
      safe !== undefined && !created.has(`${ref.schema}.${ref.table}`) ? safe(change) : undefined;
    if (form?.later) later.push(...form.later);
    const statements = (form?.now ?? renderChange(change)).map((s) => `${s};`);
    return isDestructive(change)
      ? [`-- DESTRUCTIVE: ${describeChange(change)}`, ...statements].join('\n')
      : statements.join('\n');
  });
  if (later.length > 0) blocks.push([COMMIT, ...later.map((s) => `${s};`)].join('\n'));
  return blocks.join('\n');
}
