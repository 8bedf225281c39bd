/**
 * Facts that outlive one migration while linting revisions in order: a `CHECK (col IS NOT NULL)`
 * validated in one revision proves the column for a `SET NOT NULL` in a later one.
 */
export interface LintSession {
  /** Check constraints of the form `col IS NOT NULL`: `table.constraint` → column. */
  readonly notNullChecks: Map<string, string>;
  /** Columns proven non-null by a validated check: `table.column`. */
  readonly provenNotNull: Set<string>;
  /** Extensions created by `CREATE EXTENSION` so far (e.g. pgcrypto provides gen_random_uuid before 13). */
  readonly extensions?: Set<string>;
}

/**
 * A fresh session; pass the same one to successive `lintStatements` calls, oldest revision first.
 *
 * @example
 * const session = createLintSession();
 * for (const m of migrations) diagnostics.push(...lintStatements(m.statements, { session }));
 */
export function createLintSession(): LintSession {
  return { notNullChecks: new Map(), provenNotNull: new Set(), extensions: new Set() };
}
