import { describe, expect, it } from 'vitest';
import { planDowngrade, planStamp, planUpgrade } from '../../../src/core/revisions/plan-steps.js';
import { parseTarget } from '../../../src/core/revisions/revision-target.js';
import { graphOf, ids, inOrder, rev, show } from './fixtures.js';

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

// From Alembic's tests/test_revision.py: iteration order of `history`, newest first.
describe('multiple bases: iteration order (MultipleBaseTest)', () => {
  const g = inOrder(
    ['base1'],
    ['base2'],
    ['base3'],
    ['a1a', 'base1'],
    ['a1b', 'base1'],
    ['a2', 'base2'],
    ['a3', 'base3'],
    ['b1a', 'a1a'],
    ['b1b', 'a1b'],
    ['b2', 'a2'],
    ['b3', 'a3'],
    ['c2', 'b2'],
    ['d2', 'c2'],
    ['mergeb3d2', ['b3', 'd2']],
  );

  it('walks each branch down before the next', () => {
    expect(
      g
        .iterate()
        .map((r) => r.id)
        .join(' '),
    ).toBe('b1a a1a b1b a1b base1 mergeb3d2 b3 a3 base3 d2 c2 b2 a2 base2');
    expect(
      g
        .iterate({ upper: 'b3', lower: 'base3' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('b3 a3 base3');
  });
});

describe('dependencies: iteration across bases (MultipleBaseCrossDependencyTestOne)', () => {
  const g = inOrder(
    ['base1', [], { labels: ['b_1'] }],
    ['a1a', 'base1'],
    ['a1b', 'base1'],
    ['b1a', 'a1a'],
    ['b1b', 'a1b', { dependsOn: ['a3'] }],
    ['base2', [], { labels: ['b_2'] }],
    ['a2', 'base2'],
    ['b2', 'a2'],
    ['c2', 'b2', { dependsOn: ['a3'] }],
    ['d2', 'c2'],
    ['base3', [], { labels: ['b_3'] }],
    ['a3', 'base3'],
    ['b3', 'a3'],
  );

  it('heads and full history order', () => {
    expect(g.heads).toEqual(['b1a', 'b1b', 'd2', 'b3']);
    expect(
      g
        .iterate()
        .map((r) => r.id)
        .join(' '),
    ).toBe('b1a a1a b1b a1b base1 d2 c2 b2 a2 base2 b3 a3 base3');
  });

  it('a branch head brings its dependencies', () => {
    expect(
      g
        .iterate({ upper: 'b_2@head' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('d2 c2 b2 a2 base2 a3 base3');
    expect(
      g
        .iterate({ upper: 'b_3@head' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('b3 a3 base3');
    expect(
      g
        .iterate({ upper: 'b1b@head' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('b1b a1b base1 a3 base3');
    expect(
      g
        .iterate({ lower: 'b_2@base' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('d2 c2 b2 a2 base2 a3 base3');
    expect(
      g
        .iterate({ lower: 'b_3@base' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('b3 a3 base3');
  });

  it('refuses a range in the wrong direction', () => {
    expect(() => g.iterate({ upper: 'b2', lower: 'd2' })).toThrow(
      'Revision d2 is not an ancestor of revision b2',
    );
    expect(() => g.iterate({ upper: 'b3', lower: 'd2' })).toThrow(
      'Revision d2 is not an ancestor of revision b3',
    );
  });

  it('downgrading the 3 branch first reverts everything depending on a3', () => {
    const heads = ['b1a', 'b1b', 'd2', 'b3'];
    expect(ids(planDowngrade(g, heads, 'b_3@base'))).toEqual([
      'b1b',
      'd2',
      'c2',
      'b3',
      'a3',
      'base3',
    ]);
    expect(ids(planDowngrade(g, heads, 'b_2@base'))).toEqual(['d2', 'c2', 'b2', 'a2', 'base2']);
  });
});

describe('dependencies: iteration across bases (MultipleBaseCrossDependencyTestTwo and Three)', () => {
  it('orders a dependency base after its dependents', () => {
    const g = inOrder(
      ['base1', [], { labels: ['b_1'] }],
      ['a1', 'base1'],
      ['b1', 'a1'],
      ['c1', 'b1'],
      ['base2', [], { dependsOn: ['b_1'], labels: ['b_2'] }],
      ['a2', 'base2'],
      ['b2', 'a2'],
      ['c2', 'b2'],
      ['d2', 'c2'],
      ['base3', [], { labels: ['b_3'] }],
      ['a3', 'base3'],
      ['b3', 'a3'],
      ['c3', 'b3', { dependsOn: ['b2'] }],
      ['d3', 'c3'],
    );
    expect(g.heads).toEqual(['c1', 'd2', 'd3']);
    expect(
      g
        .iterate()
        .map((r) => r.id)
        .join(' '),
    ).toBe('c1 b1 a1 d2 c2 d3 c3 b3 a3 base3 b2 a2 base2 base1');
    expect(
      g
        .iterate({ upper: 'b_3@head' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('d3 c3 b3 a3 base3 b2 a2 base2 base1');
    expect(
      g
        .iterate({ lower: 'b_1@base' })
        .map((r) => r.id)
        .join(' '),
    ).toBe('c1 b1 a1 base1');
  });

  it('a base with only a dependency', () => {
    const g = inOrder(
      ['base1'],
      ['a1', 'base1'],
      ['b1', 'a1'],
      ['c2', [], { dependsOn: ['a1'] }],
      ['c3', 'c2'],
    );
    expect(
      g
        .iterate()
        .map((r) => r.id)
        .join(' '),
    ).toBe('b1 c3 c2 a1 base1');
  });
});

describe('branch labels: resolution and iteration (LabeledBranchTest)', () => {
  const g = inOrder(
    ['a', [], { labels: ['abranch'] }],
    ['b', 'a'],
    ['somelongername', 'b'],
    ['c', 'somelongername'],
    ['d'],
    ['e', 'd', { labels: ['ebranch'] }],
    ['someothername', 'e'],
    ['f', 'someothername'],
  );
  const order = (upper: string, lower: string): string =>
    g
      .iterate({ upper, lower })
      .map((r) => r.id)
      .join(' ');

  it('resolves label@ forms', () => {
    expect(g.resolve('ebranch@head').id).toBe('f');
    expect(g.resolve('abranch@heads').id).toBe('c');
    expect(g.resolveTargets('abranch@base')).toEqual([]);
    expect(g.resolve('ebranch@d').id).toBe('d');
    expect(g.resolve('ebranch@ebranch').id).toBe('e');
    expect(g.resolve('abranch').id).toBe('a');
    expect(g.resolve('e').id).toBe('e');
    expect(g.resolve('e@d').id).toBe('d');
    expect(g.resolve('someoth@d').id).toBe('d');
    expect(g.resolve('ebranch@some').id).toBe('someothername');
    expect(g.resolve('abranch@some').id).toBe('somelongername');
  });

  it('explains what does not resolve, in Alembic words', () => {
    expect(() => g.resolve('ebranch@b')).toThrow("Revision b is not a member of branch 'ebranch'");
    expect(() => g.resolve('abranch@d')).toThrow("Revision d is not a member of branch 'abranch'");
    expect(() => g.resolve('abranch@qprstuv')).toThrow(/^No such revision or branch 'qprstuv'$/);
    expect(() => g.resolve('abranch@qpr')).toThrow(
      "No such revision or branch 'qpr'; please ensure at least four characters are present for partial revision identifier matches",
    );
    expect(() => g.resolve('x@d')).toThrow("No such branch: 'x'");
  });

  it('iterates named heads and bases', () => {
    expect(order('heads', 'ebranch@base')).toBe('f someothername e d');
    expect(order('heads', 'abranch@base')).toBe('c somelongername b a');
    expect(order('ebranch@head', 'base')).toBe('f someothername e d');
    expect(order('abranch@head', 'base')).toBe('c somelongername b a');
    expect(order('heads', 'ebranch@head')).toBe('f');
    expect(order('heads', 'ebranch@d')).toBe('f someothername e d');
    expect(order('heads', 'e@base')).toBe('f someothername e d');
    expect(order('heads', 'c@base')).toBe('c somelongername b a');
    expect(order('heads', 'ebranch@-2')).toBe('f someothername e');
    expect(order('ebranch@+2', 'base')).toBe('e d');
  });
});

describe('branches: iteration order (LongShortBranchTest, MultipleBranchTest, DiamondTest)', () => {
  it('takes heads in creation order', () => {
    const g = inOrder(['a'], ['b1', 'a'], ['b2', 'a'], ['c1', 'b1'], ['d11', 'c1'], ['d12', 'c1']);
    expect(g.iterate().map((r) => r.id)).toEqual(['b2', 'd11', 'd12', 'c1', 'b1', 'a']);
  });

  it('walks a merge point down both sides', () => {
    const g = inOrder(
      ['a'],
      ['b1', 'a'],
      ['b2', 'a'],
      ['cb1', 'b1'],
      ['cb2', 'b2'],
      ['d1cb1', 'cb1'],
      ['d2cb1', 'cb1'],
      ['d1cb2', 'cb2'],
      ['d2cb2', 'cb2'],
      ['d3cb2', 'cb2'],
      ['d1d2cb2', ['d1cb2', 'd2cb2']],
    );
    expect(g.iterate({ upper: 'd1d2cb2', lower: 'a' }).map((r) => r.id)).toEqual([
      'd1d2cb2',
      'd1cb2',
      'd2cb2',
      'cb2',
      'b2',
      'a',
    ]);
    expect(g.iterate({ upper: 'd3cb2', lower: 'base' }).map((r) => r.id)).toEqual([
      'd3cb2',
      'cb2',
      'b2',
      'a',
    ]);
  });

  it('iterates a diamond', () => {
    const g = inOrder(['a'], ['b1', 'a'], ['b2', 'a'], ['c', ['b1', 'b2']], ['d', 'c']);
    expect(g.iterate({ upper: 'd', lower: 'a' }).map((r) => r.id)).toEqual([
      'd',
      'c',
      'b1',
      'b2',
      'a',
    ]);
    expect(inOrder().iterate({ upper: 'head', lower: 'base' })).toEqual([]);
  });
});
