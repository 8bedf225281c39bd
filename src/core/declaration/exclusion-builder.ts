import type { SqlExpression } from '../ops/sql-expression.js';
import { renderKey, type DeferrableOptions, type IndexKey } from './table-builder.js';

/**
 * An exclusion constraint declaration: no two rows may have all elements compare true with
 * their operators (`EXCLUDE USING gist (room WITH =, during WITH &&)`).
 *
 * @example
 * exclude('bookings_no_overlap').using('gist').on([t.during, '&&'])
 * exclude('one_active_per_room', { deferrable: true }).on([t.room, '='], [t.during, '&&']).where(sql`NOT cancelled`)
 */
export class ExclusionBuilder {
  readonly kind = 'exclusion' as const;
  method = 'gist';
  elements: { key: string; operator: string }[] = [];
  predicate: string | undefined;

  constructor(
    readonly name: string | undefined,
    readonly options: DeferrableOptions,
  ) {}

  /** The access method of the constraint's index: `gist` (default), `spgist`, `btree`, `hash`. */
  using(method: string): this {
    this.method = method;
    return this;
  }
  /** The elements: each a key (column, sql`expression`, opclass(…)) and its operator. */
  on(...elements: readonly (readonly [IndexKey, string])[]): this {
    this.elements = elements.map(([key, operator]) => ({ key: renderKey(key), operator }));
    return this;
  }
  /** WHERE predicate: the constraint covers only the rows matching it. */
  where(predicate: SqlExpression): this {
    this.predicate = predicate.text;
    return this;
  }
}

/** An EXCLUDE constraint; see {@link ExclusionBuilder}. */
export function exclude(name?: string, options: DeferrableOptions = {}): ExclusionBuilder {
  return new ExclusionBuilder(name, options);
}
