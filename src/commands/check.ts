import type { ResolvedConfig } from '../core/config.js';
import type { ChangeKind } from '../core/changes/change.js';
import { describeChange } from '../core/changes/describe-change.js';
import { isDestructive } from '../core/changes/reverse-change.js';
import { diffSchemas } from '../core/diff/diff-schemas.js';
import type { RenameDecisions } from '../core/diff/rename-decisions.js';
import type { UnmanagedObject } from '../database/introspect.js';
import { currentSchema, databaseState, declaredSchema } from './schema-sources.js';

export interface CheckOptions {
  readonly config: ResolvedConfig;
  /** Compare the head of the migrations (replayed in a scratch PGlite) instead of the database. */
  readonly migrations?: boolean;
  readonly renames?: RenameDecisions;
  /** Objects retort does not model (views, functions, policies, undeclared schemas…) fail too. */
  readonly strict?: boolean;
  /** Schemas another tool owns (e.g. Supabase's `auth`), besides the config's `excludeSchemas`: neither compared nor reported as unmanaged. */
  readonly exclude?: readonly string[];
}

export interface CheckDifference {
  readonly kind: ChangeKind;
  /** What the database lacks or has too much, e.g. `add column users.email (text NOT NULL)`. */
  readonly description: string;
  readonly destructive: boolean;
}

export interface CheckResult {
  readonly clean: boolean;
  /** `database` or `migrations`. */
  readonly compared: 'database' | 'migrations';
  readonly declaration: string;
  /** The changes that would bring the compared schema to the declaration, in order. */
  readonly differences: readonly CheckDifference[];
  /** Against the database: revisions not applied to it yet (their changes count as drift). */
  readonly pending: readonly string[];
  /**
   * Against the database: what exists there that retort does not model yet, so cannot compare
   * (never ignored silently; `strict` makes it fail the check).
   */
  readonly unmanaged: readonly UnmanagedObject[];
  readonly durationMs: number;
}

/**
 * `retort check`: does the database (or the head of the migrations) match the declaration?
 *
 * @example
 * const { clean, differences } = await check({ config });
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const { config } = options;
  const compared = options.migrations ? 'migrations' : 'database';
  const declared = await declaredSchema(config);
  const schemas = ['public', ...declared.schemas];
  // Against the database: one connection reads the schema, the heads and the unmanaged objects.
  const state =
    compared === 'database'
      ? await databaseState(config, schemas, options.exclude ?? [])
      : { model: await currentSchema(config, compared, declared), pending: [], unmanaged: [] };
  const { model: current, pending, unmanaged } = state;
  const changes = diffSchemas(
    current,
    declared,
    options.renames ? { renames: options.renames } : {},
  );
  return {
    clean: changes.length === 0 && (options.strict !== true || unmanaged.length === 0),
    compared,
    declaration: config.schema ?? '',
    pending,
    unmanaged,
    differences: changes.map((change) => ({
      kind: change.kind,
      description: describeChange(change),
      destructive: isDestructive(change),
    })),
    durationMs: performance.now() - started,
  };
}
