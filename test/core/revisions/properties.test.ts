import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  planDowngrade,
  planUpgrade,
  type PlanStep,
} from '../../../src/core/revisions/plan-steps.js';
import type { Revision } from '../../../src/core/revisions/revision.js';
import { RevisionGraph } from '../../../src/core/revisions/revision-graph.js';
import { ids, rev } from './fixtures.js';

/** Random DAGs: each revision revises 0–2 earlier ones, sometimes depends on one, sometimes has a label. */
const dag: fc.Arbitrary<Revision[]> = fc
  .array(
    fc.record({
      parents: fc.uniqueArray(fc.nat(), { maxLength: 2 }),
      dep: fc.option(fc.nat(), { freq: 2 }),
      label: fc.nat({ max: 4 }),
    }),
    { minLength: 1, maxLength: 24 },
  )
  .map((specs) =>
    specs.map((s, i) => {
      const name = (k: number): string => `r${String(k).padStart(2, '0')}`;
      const parents = i === 0 ? [] : [...new Set(s.parents.map((p) => name(p % i)))];
      const dep = s.dep === null || i === 0 ? undefined : name(s.dep % i);
      return rev(name(i), parents, {
        dependsOn: dep === undefined || parents.includes(dep) ? [] : [dep],
        labels: s.label === 0 ? [`L${i}`] : [],
      });
    }),
  );

/** Everything below `start` (itself included) through revises and dependsOn, from the raw metadata. */
function closure(revisions: readonly Revision[], start: readonly string[]): Set<string> {
  const byId = new Map(revisions.map((r) => [r.id, r]));
  const labelled = new Map(revisions.flatMap((r) => r.branchLabels.map((l) => [l, r.id] as const)));
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const r = byId.get(id)!;
    stack.push(...r.revises, ...r.dependsOn.map((d) => labelled.get(d) ?? d));
  }
  return seen;
}

/** The version rows for an applied set: applied revisions no applied revision sits on. */
function maximal(revisions: readonly Revision[], applied: ReadonlySet<string>): string[] {
  const covered = new Set<string>();
  for (const id of applied)
    for (const below of closure(revisions, [id])) if (below !== id) covered.add(below);
  return [...applied].filter((id) => !covered.has(id)).sort();
}

/** Checks the steps' own bookkeeping: rows chain from step to step, each revision once. */
function checkChain(steps: readonly PlanStep[], start: readonly string[]): string[] {
  let rows = [...start].sort();
  for (const s of steps) {
    expect(s.headsBefore).toEqual(rows);
    rows = [...s.headsAfter];
  }
  expect(new Set(ids(steps)).size).toBe(steps.length);
  return rows;
}

describe('random DAGs (fast-check)', () => {
  it('upgrade from base to any target applies each needed revision once, parents and dependencies first', () => {
    fc.assert(
      fc.property(dag, fc.nat(), (revisions, pick) => {
        const g = new RevisionGraph(revisions);
        const target = revisions[pick % revisions.length]!.id;
        const steps = planUpgrade(g, [], target);
        const needed = closure(revisions, [target]);
        expect(new Set(ids(steps))).toEqual(needed);
        const applied = new Set<string>();
        for (const s of steps) {
          for (const below of closure(revisions, [s.revision.id])) {
            if (below !== s.revision.id) expect(applied.has(below)).toBe(true);
          }
          applied.add(s.revision.id);
          expect(s.headsAfter).toEqual(maximal(revisions, applied));
        }
        expect(checkChain(steps, [])).toEqual([target]);
      }),
      { numRuns: 300 },
    );
  });

  it('upgrade to heads ends on the real heads; downgrade to base is its exact mirror', () => {
    fc.assert(
      fc.property(dag, (revisions) => {
        const g = new RevisionGraph(revisions);
        const up = planUpgrade(g, [], 'heads');
        expect(up.length).toBe(revisions.length);
        const top = checkChain(up, []);
        expect(top).toEqual([...g.realHeads].sort());
        const down = planDowngrade(g, top, 'base');
        expect(ids(down)).toEqual(ids(up).reverse());
        down.forEach((s, k) => {
          const mirror = up[up.length - 1 - k]!;
          expect(s.headsBefore).toEqual(mirror.headsAfter);
          expect(s.headsAfter).toEqual(mirror.headsBefore);
        });
        expect(checkChain(down, top)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('downgrade reverts children first and leaves exactly the rows of what remains', () => {
    fc.assert(
      fc.property(dag, fc.nat(), fc.nat(), (revisions, pickTop, pickTarget) => {
        const g = new RevisionGraph(revisions);
        const top = revisions[pickTop % revisions.length]!.id;
        const applied = closure(revisions, [top]);
        // Alembic drops what sits above the target's children: the target must be on top's line
        // (a revision only depended on has no children to drop and is an invalid target).
        const candidates = g.ancestors([top], { includeDependencies: false });
        const target = candidates[pickTarget % candidates.length]!;
        const steps = planDowngrade(g, [top], target);
        const remaining = new Set(applied);
        for (const s of steps) {
          remaining.delete(s.revision.id);
          for (const id of remaining)
            expect(closure(revisions, [id]).has(s.revision.id)).toBe(false);
          expect(s.headsAfter).toEqual(maximal(revisions, remaining));
        }
        expect(remaining.has(target)).toBe(true);
        checkChain(steps, [top]);
      }),
      { numRuns: 300 },
    );
  });

  it('upgrading then downgrading returns to the start heads', () => {
    fc.assert(
      fc.property(dag, fc.nat(), fc.nat(), (revisions, pickStart, pickEnd) => {
        const g = new RevisionGraph(revisions);
        const start = revisions[pickStart % revisions.length]!.id;
        const above = g.descendants([start], { includeDependencies: false });
        const end = above[pickEnd % above.length]!;
        // Only when everything the upgrade adds sits above `start` can a downgrade to it undo it.
        const added = [...closure(revisions, [end])].filter(
          (id) => !closure(revisions, [start]).has(id),
        );
        const aboveStart = new Set(g.descendants(g.childrenOf(start)));
        fc.pre(added.every((id) => aboveStart.has(id)));
        const up = planUpgrade(g, [start], end);
        const afterUp = checkChain(up, [start]);
        expect(afterUp).toEqual([end]);
        const down = planDowngrade(g, afterUp, start);
        expect(new Set(ids(down))).toEqual(new Set(ids(up)));
        expect(checkChain(down, afterUp)).toEqual([start]);
      }),
      { numRuns: 300 },
    );
  });

  it('from any applied state, upgrade to heads and downgrade to base keep the rows exact', () => {
    fc.assert(
      fc.property(dag, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (revisions, picks) => {
        const g = new RevisionGraph(revisions);
        const applied = closure(
          revisions,
          picks.map((p) => revisions[p % revisions.length]!.id),
        );
        const start = maximal(revisions, applied);
        const up = planUpgrade(g, start, 'heads');
        const done = new Set(applied);
        for (const s of up) {
          expect(done.has(s.revision.id)).toBe(false);
          for (const below of closure(revisions, [s.revision.id])) {
            if (below !== s.revision.id) expect(done.has(below)).toBe(true);
          }
          done.add(s.revision.id);
          expect(s.headsAfter).toEqual(maximal(revisions, done));
        }
        expect(done.size).toBe(revisions.length);
        expect(checkChain(up, start)).toEqual([...g.realHeads].sort());
        const down = planDowngrade(g, start, 'base');
        expect(new Set(ids(down))).toEqual(applied);
        expect(checkChain(down, start)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a link from a revision to one of its descendants is always reported as a cycle, with a real path', () => {
    fc.assert(
      fc.property(
        dag,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (revisions, pickLow, pickHigh, asDependency) => {
          const g = new RevisionGraph(revisions);
          const low = revisions[pickLow % revisions.length]!.id;
          const above = g.descendants([low]);
          const high = above[pickHigh % above.length]!;
          const looped = revisions.map((r) =>
            r.id !== low
              ? r
              : asDependency
                ? { ...r, dependsOn: [...r.dependsOn, high] }
                : { ...r, revises: [...r.revises, high] },
          );
          let error: unknown;
          try {
            new RevisionGraph(looped);
          } catch (e) {
            error = e;
          }
          expect(error).toMatchObject({ code: 'REVISION_CYCLE', exitCode: 4 });
          const path = (error as { cycle: string[] }).cycle;
          expect(path[0]).toBe(path.at(-1));
          const byId = new Map(looped.map((r) => [r.id, r]));
          for (let k = 0; k + 1 < path.length; k++) {
            const r = byId.get(path[k]!)!;
            const links = [
              ...r.revises,
              ...r.dependsOn.map((d) => looped.find((x) => x.branchLabels.includes(d))?.id ?? d),
            ];
            expect(links).toContain(path[k + 1]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('relative targets on a chain: +N moves N up, -N moves N down, beyond the ends is an error', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fc.integer({ min: 1, max: 35 }),
        (length, at, n) => {
          const chain = Array.from({ length }, (_, i) =>
            rev(`c${i}`, i === 0 ? [] : [`c${i - 1}`]),
          );
          const g = new RevisionGraph(chain);
          const k = at % (length + 1); // revisions applied: 0..length
          const current = k === 0 ? [] : [`c${k - 1}`];
          if (k + n <= length) {
            const up = planUpgrade(g, current, `+${n}`);
            expect(ids(up)).toEqual(chain.slice(k, k + n).map((r) => r.id));
            const back = planDowngrade(g, up.at(-1)!.headsAfter, `-${n}`);
            expect(ids(back)).toEqual(ids(up).reverse());
            expect(back.at(-1)!.headsAfter).toEqual(current);
          } else {
            expect(() => planUpgrade(g, current, `+${n}`)).toThrow(
              `Relative revision +${n} didn't produce ${n} migrations`,
            );
          }
          if (n > k) {
            expect(() => planDowngrade(g, current, `-${n}`)).toThrow(
              /Relative revision -\d+ didn't produce/,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('building is deterministic whatever the input order', () => {
    fc.assert(
      fc.property(
        dag.chain((revisions) =>
          fc.tuple(
            fc.constant(revisions),
            fc.shuffledSubarray(revisions, { minLength: revisions.length }),
          ),
        ),
        ([revisions, shuffled]) => {
          const a = new RevisionGraph(revisions);
          const b = new RevisionGraph(shuffled);
          expect(b.revisions.map((r) => r.id)).toEqual(a.revisions.map((r) => r.id));
          expect(b.heads).toEqual(a.heads);
          expect(b.bases).toEqual(a.bases);
          expect(b.iterate().map((r) => r.id)).toEqual(a.iterate().map((r) => r.id));
          expect(ids(planUpgrade(b, [], 'heads'))).toEqual(ids(planUpgrade(a, [], 'heads')));
        },
      ),
      { numRuns: 200 },
    );
  });
});
