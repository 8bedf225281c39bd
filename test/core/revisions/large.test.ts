import { describe, expect, it } from 'vitest';
import { planDowngrade, planUpgrade } from '../../../src/core/revisions/plan-steps.js';
import { RevisionGraph } from '../../../src/core/revisions/revision-graph.js';
import { rev } from './fixtures.js';

// Deep graphs must not overflow the stack: every walk is iterative.
describe('linear: 10,000 revisions', () => {
  const n = 10_000;
  const id = (i: number): string => `r${String(i).padStart(5, '0')}`;
  // Given newest first, so building has to sort.
  const revisions = Array.from({ length: n }, (_, k) => {
    const i = n - 1 - k;
    return rev(id(i), i === 0 ? [] : [id(i - 1)]);
  });

  it('builds, finds the head and base, plans both ways', () => {
    const g = new RevisionGraph(revisions);
    expect(g.heads).toEqual([id(n - 1)]);
    expect(g.bases).toEqual([id(0)]);
    expect(g.iterate().length).toBe(n);
    const up = planUpgrade(g, [], 'heads');
    expect(up.length).toBe(n);
    expect(up.at(-1)!.headsAfter).toEqual([id(n - 1)]);
    expect(planDowngrade(g, [id(n - 1)], 'base').at(-1)!.headsAfter).toEqual([]);
    expect(planDowngrade(g, [id(n - 1)], '-3').map((s) => s.revision.id)).toEqual([
      id(n - 1),
      id(n - 2),
      id(n - 3),
    ]);
  });

  it('reports a cycle closing a long chain', () => {
    const looped = revisions.map((r) => (r.id === id(0) ? rev(id(0), id(n - 1)) : r));
    expect(() => new RevisionGraph(looped)).toThrow(
      /Cycle is detected in revisions: r00000 -> r09999 ->/,
    );
  });
});
