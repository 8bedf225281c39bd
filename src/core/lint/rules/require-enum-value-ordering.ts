import { list, names, str } from '../ast.js';
import type { LintRule } from '../rule.js';

export const requireEnumValueOrdering: LintRule = {
  code: 'RT204',
  name: 'require-enum-value-ordering',
  severity: 'info',
  kinds: ['AlterEnumStmt'],
  summary: 'ADD VALUE without BEFORE/AFTER appends the label at the end of the enum’s sort order.',
  example: {
    bad: "ALTER TYPE subscription_status ADD VALUE 'paused'",
    good: "ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active'",
  },
  check(ctx) {
    if (ctx.kind !== 'AlterEnumStmt' || str(ctx.node, 'newVal') === undefined) return [];
    if (str(ctx.node, 'oldVal') !== undefined || str(ctx.node, 'newValNeighbor') !== undefined)
      return [];
    const type = names(list(ctx.node, 'typeName')).join('.');
    return [
      {
        message: `ADD VALUE '${str(ctx.node, 'newVal') ?? ''}' to ${type} without BEFORE or AFTER.`,
        impact:
          'Enums sort by declaration order: the new label sorts last, which ORDER BY and comparisons (<, >) on the column will show.',
        safeAlternative: `State the position: ALTER TYPE ${type} ADD VALUE '…' BEFORE|AFTER '<existing label>'.`,
      },
    ];
  },
};
