import type { Change } from '../changes/change.js';
import { describeChange } from '../changes/describe-change.js';
import { renderOperation } from '../sql/render-operation.js';
import { planChanges, type Plan, type PlanContext } from './plan.js';

/** The SQL spelling of `op.commit()`: the statement below it starts a new transaction. */
const COMMIT = '-- retort-commit';

/**
 * A `.sql` revision's section for a plan: the statements the runner would send for the same
 * operations (one renderer), one per line, destructive ones flagged, validations after a
 * `-- retort-commit` line.
 */
export function planToSql(plan: Plan): string {
  // A statement's lintIgnore is the `-- retort-ignore rule: reason` lines right above it.
  const render = (ops: Plan['later']): string[] =>
    ops
      .flatMap((op) => renderOperation(op))
      .flatMap((s) => [
        ...(s.lintIgnore ?? []).map(
          (i) => `-- retort-ignore ${i.rule}: ${i.reason.replaceAll('\n', ' ')}`,
        ),
        `${s.sql};`,
      ]);
  // A change whose operations all wait for the commit point is written there.
  const blocks = plan.now
    .filter((block) => block.operations.length > 0)
    .map((block) => {
      const lines = render(block.operations);
      if (block.destructive !== undefined)
        lines.unshift(`-- DESTRUCTIVE: ${describeChange(block.change)}`);
      return lines.join('\n');
    });
  if (plan.later.length > 0) blocks.push([COMMIT, ...render(plan.later)].join('\n'));
  return blocks.join('\n');
}

/**
 * A `.sql` revision's section for a list of changes: one statement per line, destructive ones
 * flagged; on tables that already exist (not created in the same list), the forms `retort lint`
 * accepts, validations after a `-- retort-commit` line.
 *
 * @example
 * changesToSql([{ kind: 'CreateIndex', schema: 'public', table: 'users', index }]);
 * // 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_email_idx" ON "users" ("email");'
 */
export function changesToSql(changes: readonly Change[], ctx: PlanContext = { enums: [] }): string {
  return planToSql(planChanges(changes, ctx));
}
