import { describe, expect, it } from 'vitest';
import { planDowngrade, planStamp, planUpgrade } from '../../../src/core/revisions/plan-steps.js';
import { parseTarget } from '../../../src/core/revisions/revision-target.js';
import { graphOf, ids, rev, show } from './fixtures.js';

// Fixtures and expectations from Alembic's tests/test_version_traversal.py.

describe('dependencies: branch from a merge point (BranchFromMergepointTest)', () => {
  const g = graphOf(
    rev('a1'),
    rev('b1', 'a1'),
    rev('c1', 'b1'),
    rev('a2'),
    rev('b2', 'a2'),
    rev('c2', 'b2'),
    rev('d1', ['c1', 'c2']),
    rev('d2', 'c2'),
  );

  it('upgrades only the missing side of the merge', () => {
    expect(show(planUpgrade(g, ['d2', 'b1'], 'd1'))).toEqual([
      'up:c1 [b1,d2] -> [c1,d2]',
      'up:d1 [c1,d2] -> [d1,d2]',
    ]);
  });

  it('downgrades only that side', () => {
    expect(show(planDowngrade(g, ['d2', 'd1'], 'b1'))).toEqual([
      'down:d1 [d1,d2] -> [c1,d2]',
      'down:c1 [c1,d2] -> [b1,d2]',
    ]);
  });
});

describe('dependencies: three-way merge point (BranchFrom3WayMergepointTest)', () => {
  const g = graphOf(
    rev('a1'),
    rev('b1', 'a1'),
    rev('c1', 'b1'),
    rev('a2'),
    rev('b2', 'a2'),
    rev('c2', 'b2'),
    rev('a3'),
    rev('b3', 'a3'),
    rev('c3', 'b3'),
    rev('d1', ['c1', 'c2', 'c3']),
    rev('d2', 'c2'),
    rev('d3', 'c3'),
  );

  it('merges two sides into the merge point, in Alembic order', () => {
    const steps = planUpgrade(g, ['d3', 'b2', 'b1'], 'd1');
    expect(ids(steps)).toEqual(['c2', 'c1', 'd1']);
    expect(steps.at(-1)!.headsAfter).toEqual(['d1', 'd3']);
    // "but then b2 will break out again if we keep going with it"
    expect(show(planUpgrade(g, ['d3', 'd1'], 'd2'))).toEqual(['up:d2 [d1,d3] -> [d1,d2,d3]']);
  });

  it('one side up and down', () => {
    expect(planUpgrade(g, ['d3', 'd2', 'b1'], 'd1').at(-1)!.headsAfter).toEqual(['d1', 'd2', 'd3']);
    expect(ids(planDowngrade(g, ['d3', 'd2', 'd1'], 'b1'))).toEqual(['d1', 'c1']);
    expect(planDowngrade(g, ['d3', 'd2', 'd1'], 'b1').at(-1)!.headsAfter).toEqual([
      'b1',
      'd2',
      'd3',
    ]);
  });
});

describe('diamond: twin merge points (TwinMergeTest, #297)', () => {
  const g = graphOf(
    rev('a'),
    rev('b1', 'a'),
    rev('b2', 'a'),
    rev('b3', 'a'),
    rev('c1', ['b1', 'b2', 'b3']),
    rev('c2', ['b1', 'b2', 'b3']),
    rev('d1', 'c1'),
    rev('d2', 'c2'),
  );

  it('keeps one row per branch head through both merges', () => {
    expect(show(planUpgrade(g, ['a'], 'heads'))).toEqual([
      'up:b3 [a] -> [b3]',
      'up:b2 [b3] -> [b2,b3]',
      'up:b1 [b2,b3] -> [b1,b2,b3]',
      'up:c2 [b1,b2,b3] -> [c2]',
      'up:d2 [c2] -> [d2]',
      'up:c1 [d2] -> [c1,d2]',
      'up:d1 [c1,d2] -> [d1,d2]',
    ]);
  });
});

describe('dependencies: depends_on across branches (DependsOnBranchTestOne)', () => {
  const g = graphOf(
    rev('a1', [], { labels: ['lib1'] }),
    rev('b1', 'a1'),
    rev('c1', 'b1'),
    rev('a2'),
    rev('b2', 'a2'),
    rev('c2', 'b2', { dependsOn: ['c1'] }),
    rev('d1', 'c1'),
    rev('e1', 'd1'),
    rev('f1', 'e1'),
  );

  it('reverting d1 leaves c2 alone, which implies c1', () => {
    expect(show(planDowngrade(g, ['c2', 'd1'], 'c1'))).toEqual(['down:d1 [c2,d1] -> [c2]']);
  });

  it('stamps across a dependency', () => {
    expect(planStamp(g, ['e1', 'c2'], ['b1'])).toEqual(['b1']);
  });

  it('upgrading c2 brings c1 along and its row gives way', () => {
    expect(show(planUpgrade(g, [], 'c2'))).toEqual([
      'up:a1 [] -> [a1]',
      'up:b1 [a1] -> [b1]',
      'up:c1 [b1] -> [c1]',
      'up:a2 [c1] -> [a2,c1]',
      'up:b2 [a2,c1] -> [b2,c1]',
      'up:c2 [b2,c1] -> [c2]',
    ]);
  });
});

describe('dependencies: one revision depending on three merges (DependsOnBranchTestTwo)', () => {
  const g = graphOf(
    rev('a1'),
    rev('a2'),
    rev('a3'),
    rev('amerge', ['a1', 'a2', 'a3']),
    rev('b1'),
    rev('b2'),
    rev('bmerge', ['b1', 'b2']),
    rev('c1'),
    rev('c2'),
    rev('c3'),
    rev('cmerge', ['c1', 'c2', 'c3']),
    rev('d1', [], { dependsOn: ['a3', 'b2', 'c1'] }),
  );

  it('unmerging bmerge: b2 has no row because d1 implies it', () => {
    expect(show(planDowngrade(g, ['amerge', 'bmerge', 'cmerge', 'd1'], 'b2'))).toEqual([
      'down:bmerge [amerge,bmerge,cmerge,d1] -> [amerge,b1,cmerge,d1]',
    ]);
  });
});

describe('relative targets: branched (BranchedPathTest)', () => {
  const g = graphOf(
    rev('a'),
    rev('b', 'a'),
    rev('c1', 'b', { labels: ['c1branch'] }),
    rev('d1', 'c1'),
    rev('c2', 'b', { labels: ['c2branch'] }),
    rev('d2', 'c2'),
  );

  it('moves one branch of several heads', () => {
    expect(show(planUpgrade(g, ['c1'], 'c2branch@+1'))).toEqual(['up:c2 [c1] -> [c1,c2]']);
    expect(show(planUpgrade(g, ['c1', 'c2'], 'c2branch@+1'))).toEqual(['up:d2 [c1,c2] -> [c1,d2]']);
    expect(() => planUpgrade(g, ['c1', 'c2'], '+1')).toThrow(/Multiple heads/);
    expect(ids(planUpgrade(g, [], 'base+1'))).toEqual(['a']);
    expect(ids(planUpgrade(g, [], '+1'))).toEqual(['a']);
    expect(show(planDowngrade(g, ['a'], '-1'))).toEqual(['down:a [a] -> []']);
    expect(() => planDowngrade(g, [], '-1')).toThrow(
      "Relative revision -1 didn't produce 1 migrations",
    );
  });

  it('downgrading to a current head changes nothing', () => {
    expect(planDowngrade(g, ['d1', 'c2'], 'c2')).toEqual([]);
    expect(planDowngrade(g, ['d1', 'c2'], 'd1')).toEqual([]);
  });
});

describe('target syntax', () => {
  it('parses absolute, labelled and relative targets', () => {
    expect(parseTarget('heads')).toEqual({ kind: 'absolute', label: undefined, symbol: 'heads' });
    expect(parseTarget('ae1027a6acf')).toEqual({
      kind: 'absolute',
      label: undefined,
      symbol: 'ae1027a6acf',
    });
    expect(parseTarget('net@head')).toEqual({ kind: 'absolute', label: 'net', symbol: 'head' });
    expect(parseTarget('net@base')).toEqual({ kind: 'absolute', label: 'net', symbol: 'base' });
    expect(parseTarget('+2')).toEqual({
      kind: 'relative',
      label: undefined,
      symbol: undefined,
      delta: 2,
      relative: '+2',
    });
    expect(parseTarget('-1')).toMatchObject({ kind: 'relative', symbol: undefined, delta: -1 });
    expect(parseTarget('ae10+3')).toMatchObject({
      kind: 'relative',
      label: undefined,
      symbol: 'ae10',
      delta: 3,
    });
    expect(parseTarget('net@-2')).toMatchObject({
      kind: 'relative',
      label: 'net',
      symbol: undefined,
      delta: -2,
    });
    expect(parseTarget('net@head-1')).toMatchObject({
      kind: 'relative',
      label: 'net',
      symbol: 'head',
      delta: -1,
    });
    expect(parseTarget('base+2')).toMatchObject({ kind: 'relative', symbol: 'base', delta: 2 });
  });
});
