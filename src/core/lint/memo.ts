import type { RuleContext } from './rule.js';

/**
 * Per-statement memo: thirty rules ask for the same commands of the same statement, so each is
 * computed once per rule context (one context per statement).
 */
export function memo<T>(fn: (ctx: RuleContext) => T): (ctx: RuleContext) => T {
  const cache = new WeakMap<RuleContext, T>();
  return (ctx) => {
    let value = cache.get(ctx);
    if (value === undefined) {
      value = fn(ctx);
      cache.set(ctx, value);
    }
    return value;
  };
}
