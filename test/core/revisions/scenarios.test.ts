import { describe, expect, it } from 'vitest';
import { planDowngrade, planStamp, planUpgrade } from '../../../src/core/revisions/plan-steps.js';
import { caught, graphOf, ids, rev, show } from './fixtures.js';

// Alembic's tests/test_version_traversal.py RevisionPathTest: a -> b -> c -> d -> e.
describe('linear', () => {
  const g = graphOf(rev('e', 'd'), rev('c', 'b'), rev('a'), rev('d', 'c'), rev('b', 'a'));

  it('has one head and one base, topological order parents first', () => {
    expect(g.heads).toEqual(['e']);
    expect(g.bases).toEqual(['a']);
    expect(g.revisions.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(g.isHead('e') && g.isBase('a') && !g.isBranchPoint('b') && !g.isMergePoint('c')).toBe(
      true,
    );
  });

  it('upgrades from an empty database, one row moving up', () => {
    expect(show(planUpgrade(g, [], 'c'))).toEqual([
      'up:a [] -> [a]',
      'up:b [a] -> [b]',
      'up:c [b] -> [c]',
    ]);
    expect(ids(planUpgrade(g, ['c'], 'e'))).toEqual(['d', 'e']);
    expect(ids(planUpgrade(g, ['c'], 'head'))).toEqual(['d', 'e']);
    expect(planUpgrade(g, ['e'], 'heads')).toEqual([]);
  });

  it('downgrades children first, deleting the last row at base', () => {
    expect(show(planDowngrade(g, ['e'], 'c'))).toEqual(['down:e [e] -> [d]', 'down:d [d] -> [c]']);
    expect(show(planDowngrade(g, ['c'], 'base'))).toEqual([
      'down:c [c] -> [b]',
      'down:b [b] -> [a]',
      'down:a [a] -> []',
    ]);
    expect(planDowngrade(g, [], 'base')).toEqual([]);
    // Alembic #838/#839: downgrade to the current revision is a no-op.
    expect(planDowngrade(g, ['a'], 'a')).toEqual([]);
    expect(planDowngrade(g, ['e'], 'e')).toEqual([]);
  });

  it('refuses a downgrade target above the current revision', () => {
    const e = caught(() => planDowngrade(g, ['b'], 'c'));
    expect(e.code).toBe('REVISION_INVALID_DOWNGRADE_TARGET');
    expect(e.message).toBe('Destination c is not a valid downgrade target from current head(s)');
    expect(caught(() => planDowngrade(g, [], 'b')).code).toBe('REVISION_INVALID_DOWNGRADE_TARGET');
  });

  it('iterates history newest first, ranges inclusive', () => {
    expect(g.iterate().map((r) => r.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(g.iterate({ lower: 'b', upper: 'd' }).map((r) => r.id)).toEqual(['d', 'c', 'b']);
    expect(g.iterate({ lower: 'current', currentHeads: ['c'] }).map((r) => r.id)).toEqual([
      'e',
      'd',
      'c',
    ]);
    expect(g.iterate({ upper: 'current', currentHeads: ['b'] }).map((r) => r.id)).toEqual([
      'b',
      'a',
    ]);
    expect(g.iterate({ lower: '-2' }).map((r) => r.id)).toEqual(['e', 'd', 'c']);
    expect(caught(() => g.iterate({ lower: 'd', upper: 'b' })).code).toBe(
      'REVISION_RANGE_NOT_ANCESTOR',
    );
  });

  it('stamps up, down and to base', () => {
    expect(planStamp(g, [], ['c'])).toEqual(['c']);
    expect(planStamp(g, ['e'], ['b'])).toEqual(['b']);
    expect(planStamp(g, ['b'], ['heads'])).toEqual(['e']);
    expect(planStamp(g, ['d'], ['base'])).toEqual([]);
    expect(planStamp(g, ['d'], ['d'])).toEqual(['d']);
  });
});

describe('relative targets', () => {
  const g = graphOf(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd'));

  it('upgrades +N from current, <rev>+N and <rev>-N (Alembic test_relative_upgrade_path)', () => {
    expect(show(planUpgrade(g, ['a'], '+2'))).toEqual(['up:b [a] -> [b]', 'up:c [b] -> [c]']);
    expect(ids(planUpgrade(g, ['a'], '+1'))).toEqual(['b']);
    expect(ids(planUpgrade(g, ['b'], '+3'))).toEqual(['c', 'd', 'e']);
    expect(ids(planUpgrade(g, ['a'], 'b+2'))).toEqual(['b', 'c', 'd']);
    expect(ids(planUpgrade(g, ['a'], 'd-2'))).toEqual(['b']);
    expect(ids(planUpgrade(g, [], '+1'))).toEqual(['a']);
    expect(ids(planUpgrade(g, [], 'base+2'))).toEqual(['a', 'b']);
  });

  it('refuses relative upgrades that go nowhere', () => {
    const minus = caught(() => planUpgrade(g, ['b'], '-2'));
    expect(minus.code).toBe('REVISION_RELATIVE_OUT_OF_RANGE');
    expect(minus.message).toBe(
      "Relative revision -2 didn't produce 2 migrations: upgrade goes up, and -2 points the other way",
    );
    expect(minus.hint).toBe('Use `retort upgrade +2`, or `retort downgrade -2` to go down.');
    expect(caught(() => planUpgrade(g, ['b'], '+5')).message).toBe(
      "Relative revision +5 didn't produce 5 migrations",
    );
    expect(caught(() => planUpgrade(g, ['b'], 'd+5')).code).toBe('REVISION_RELATIVE_OUT_OF_RANGE');
  });

  it('downgrades -N from current, <rev>+N and <rev>-N (Alembic test_relative_downgrade_path)', () => {
    expect(show(planDowngrade(g, ['c'], '-1'))).toEqual(['down:c [c] -> [b]']);
    expect(ids(planDowngrade(g, ['e'], '-3'))).toEqual(['e', 'd', 'c']);
    expect(ids(planDowngrade(g, ['d'], 'a+2'))).toEqual(['d']);
    expect(show(planDowngrade(g, ['d'], 'c-2'))).toEqual([
      'down:d [d] -> [c]',
      'down:c [c] -> [b]',
      'down:b [b] -> [a]',
    ]);
    expect(show(planDowngrade(g, ['b'], '-2'))).toEqual(['down:b [b] -> [a]', 'down:a [a] -> []']);
  });

  it('refuses -N past base and +N on downgrade', () => {
    const e = caught(() => planDowngrade(g, ['b'], '-3'));
    expect(e.code).toBe('REVISION_RELATIVE_OUT_OF_RANGE');
    expect(e.message).toBe("Relative revision -3 didn't produce 3 migrations");
    expect(e.exitCode).toBe(4);
    expect(caught(() => planDowngrade(g, ['b'], '-5')).message).toBe(
      "Relative revision -5 didn't produce 5 migrations",
    );
    const plus = caught(() => planDowngrade(g, ['b'], '+2'));
    expect(plus.message).toBe(
      "Relative revision +2 didn't produce 2 migrations: downgrade goes down, and +2 points the other way",
    );
    expect(plus.hint).toBe('Use `retort downgrade -2`, or `retort upgrade +2` to go up.');
    expect(caught(() => planDowngrade(g, [], '-1')).code).toBe('REVISION_RELATIVE_OUT_OF_RANGE');
  });

  it('resolves relative targets against given current heads', () => {
    expect(g.resolveTargets('+2', { currentHeads: ['b'] }).map((r) => r.id)).toEqual(['d']);
    expect(g.resolveTargets('-1', { currentHeads: ['b'] }).map((r) => r.id)).toEqual(['a']);
    expect(g.resolveTargets('-2', { currentHeads: ['b'] })).toEqual([]);
    expect(g.resolve('c+1').id).toBe('d');
    expect(g.resolve('head-1').id).toBe('d');
  });
});

// Alembic's BranchedPathTest: a -> b -> (c1 -> d1 [c1branch]) and (c2 -> d2 [c2branch]).
describe('branch labels', () => {
  const g = graphOf(
    rev('a'),
    rev('b', 'a'),
    rev('c1', 'b', { labels: ['c1branch'] }),
    rev('d1', 'c1'),
    rev('c2', 'b', { labels: ['c2branch'] }),
    rev('d2', 'c2'),
  );

  it('iterates history of both branches, relative lower ends per head', () => {
    expect(g.iterate().map((r) => r.id)).toEqual(['d1', 'c1', 'd2', 'c2', 'b', 'a']);
    expect(g.iterate({ lower: '-1' }).map((r) => r.id)).toEqual(['d1', 'c1', 'd2', 'c2']);
    expect(g.iterate({ lower: 'b', upper: 'c2branch@head' }).map((r) => r.id)).toEqual([
      'd2',
      'c2',
      'b',
    ]);
    expect(g.iterate({ lower: 'c1', upper: 'heads' }).map((r) => r.id)).toEqual(['d1', 'c1']);
  });

  it('lists heads and the branch point', () => {
    expect(g.heads).toEqual(['d1', 'd2']);
    expect(g.childrenOf('b')).toEqual(['c1', 'c2']);
    expect(g.branchPoints().map((p) => [p.revision.id, p.children])).toEqual([['b', ['c1', 'c2']]]);
    expect(g.branchLabelsOf('d1')).toEqual(['c1branch']);
    expect(g.branchLabelsOf('c2')).toEqual(['c2branch']);
    expect(g.branchLabelsOf('b')).toEqual([]);
  });

  it('resolves labels, label@head and label@base', () => {
    expect(g.resolve('c1branch').id).toBe('c1');
    expect(g.resolve('c1branch@head').id).toBe('d1');
    expect(g.resolve('d2@head').id).toBe('d2');
    expect(g.resolveTargets('c2branch@heads').map((r) => r.id)).toEqual(['d2']);
    expect(g.resolveTargets('c2branch@base')).toEqual([]);
    expect(g.resolveTargets('heads').map((r) => r.id)).toEqual(['d1', 'd2']);
    expect(caught(() => g.resolve('nope@head')).code).toBe('BRANCH_NOT_FOUND');
    expect(caught(() => g.resolve('c1branch@d2')).code).toBe('REVISION_NOT_IN_BRANCH');
  });

  it('refuses `head` with several heads and lists them', () => {
    const e = caught(() => planUpgrade(g, [], 'head'));
    expect(e.code).toBe('REVISION_MULTIPLE_HEADS');
    expect(e.message).toBe("Multiple heads are present for given argument 'head'; d1, d2");
    expect(e.hint).toContain('retort merge -m');
    expect(e.hint).toContain('@head');
    expect(e.hint).toContain('heads');
  });

  it('upgrades a single branch, then both (Alembic test_upgrade_multiple_branch)', () => {
    expect(ids(planUpgrade(g, ['b'], 'd1'))).toEqual(['c1', 'd1']);
    expect(show(planUpgrade(g, ['a'], 'heads'))).toEqual([
      'up:b [a] -> [b]',
      'up:c2 [b] -> [c2]',
      'up:d2 [c2] -> [d2]',
      'up:c1 [d2] -> [c1,d2]',
      'up:d1 [c1,d2] -> [d1,d2]',
    ]);
    expect(ids(planUpgrade(g, ['b'], 'c2branch@head'))).toEqual(['c2', 'd2']);
    expect(show(planUpgrade(g, ['d1'], 'c2branch@head'))).toEqual([
      'up:c2 [d1] -> [c2,d1]',
      'up:d2 [c2,d1] -> [d1,d2]',
    ]);
    // Alembic test_relative_upgrade: c2branch@head-1 from b.
    expect(show(planUpgrade(g, ['b'], 'c2branch@head-1'))).toEqual(['up:c2 [b] -> [c2]']);
    expect(ids(planUpgrade(g, ['d1'], 'c2branch@+1'))).toEqual(['c2']);
    expect(ids(planUpgrade(g, ['c1', 'c2'], 'c1branch@+1'))).toEqual(['d1']);
  });

  it('downgrades both branches to the branch point (Alembic test_downgrade_multiple_branch)', () => {
    expect(show(planDowngrade(g, ['d1', 'd2'], 'a'))).toEqual([
      'down:d1 [d1,d2] -> [c1,d2]',
      'down:c1 [c1,d2] -> [d2]',
      'down:d2 [d2] -> [c2]',
      'down:c2 [c2] -> [b]',
      'down:b [b] -> [a]',
    ]);
    expect(ids(planDowngrade(g, ['d2', 'd1'], 'base+2'))).toEqual(['d1', 'c1', 'd2', 'c2']);
  });

  it('downgrades only the named branch', () => {
    expect(show(planDowngrade(g, ['d2', 'd1'], 'c2branch@base+2'))).toEqual([
      'down:d2 [d1,d2] -> [c2,d1]',
      'down:c2 [c2,d1] -> [d1]',
    ]);
    expect(show(planDowngrade(g, ['d2', 'd1'], 'c2branch@base+3'))).toEqual([
      'down:d2 [d1,d2] -> [c2,d1]',
    ]);
    expect(show(planDowngrade(g, ['c1', 'd2'], 'c1branch@b'))).toEqual(['down:c1 [c1,d2] -> [d2]']);
    expect(ids(planDowngrade(g, ['c1', 'd2'], 'c2branch@b'))).toEqual(['d2', 'c2']);
    expect(ids(planDowngrade(g, ['d1', 'd2'], 'c2@b'))).toEqual(['d2', 'c2']);
    expect(ids(planDowngrade(g, ['d1', 'd2'], 'd1@b'))).toEqual(['d1', 'c1']);
    expect(show(planDowngrade(g, ['d1', 'd2'], 'c1branch@-1'))).toEqual([
      'down:d1 [d1,d2] -> [c1,d2]',
    ]);
    expect(show(planDowngrade(g, ['d1', 'd2'], 'c1branch@head-1'))).toEqual([
      'down:d1 [d1,d2] -> [c1,d2]',
    ]);
    // Alembic #765: <rev>-1 with several heads picks that branch.
    expect(show(planDowngrade(g, ['d2', 'c1'], 'd2-1'))).toEqual(['down:d2 [c1,d2] -> [c1,c2]']);
  });

  it('requires a branch for -1 with several heads', () => {
    const e = caught(() => planDowngrade(g, ['d1', 'd2'], '-1'));
    expect(e.code).toBe('REVISION_MULTIPLE_HEADS');
    expect(e.message).toContain('d1, d2');
  });

  it('stamps across branches (Alembic stamp tests)', () => {
    expect(planStamp(g, ['d1', 'c2'], ['b'])).toEqual(['b']);
    expect(planStamp(g, ['d1', 'c2'], ['c1branch@base'])).toEqual(['c2']);
    expect(planStamp(g, ['d1', 'c2'], ['c2branch@head'])).toEqual(['d1', 'd2']);
    expect(planStamp(g, ['a'], ['heads'])).toEqual(['d1', 'd2']);
    expect(planStamp(g, ['d1'], ['c2'])).toEqual(['c2', 'd1']);
    expect(planStamp(g, ['d1', 'd2'], ['a'], { purge: true })).toEqual(['a']);
  });
});

describe('diamond (branch + merge)', () => {
  // a -> b1, b2 -> m (merge) -> n
  const g = graphOf(
    rev('a'),
    rev('b1', 'a'),
    rev('b2', 'a'),
    rev('m', ['b1', 'b2']),
    rev('n', 'm'),
  );

  it('knows branch and merge points', () => {
    expect(g.heads).toEqual(['n']);
    expect(g.isBranchPoint('a')).toBe(true);
    expect(g.isMergePoint('m')).toBe(true);
    expect(g.revisions.map((r) => r.id)).toEqual(['a', 'b1', 'b2', 'm', 'n']);
    expect(g.iterate().map((r) => r.id)).toEqual(['n', 'm', 'b1', 'b2', 'a']);
  });

  it('upgrade: the branch point adds a row, the merge replaces two rows by one', () => {
    expect(show(planUpgrade(g, [], 'head'))).toEqual([
      'up:a [] -> [a]',
      'up:b2 [a] -> [b2]',
      'up:b1 [b2] -> [b1,b2]',
      'up:m [b1,b2] -> [m]',
      'up:n [m] -> [n]',
    ]);
    expect(show(planUpgrade(g, ['b1'], 'm'))).toEqual([
      'up:b2 [b1] -> [b1,b2]',
      'up:m [b1,b2] -> [m]',
    ]);
  });

  it('downgrade: unmerging restores both rows', () => {
    expect(show(planDowngrade(g, ['n'], 'a'))).toEqual([
      'down:n [n] -> [m]',
      'down:m [m] -> [b1,b2]',
      'down:b1 [b1,b2] -> [b2]',
      'down:b2 [b2] -> [a]',
    ]);
    // Alembic drops only what sits above the target: b2 is not above b1, so it stays.
    expect(show(planDowngrade(g, ['m'], 'b1'))).toEqual(['down:m [m] -> [b1,b2]']);
  });

  it('walking -1 down through a merge is ambiguous', () => {
    const merge = caught(() => planDowngrade(g, ['m'], '-2'));
    expect(merge.code).toBe('REVISION_AMBIGUOUS_WALK');
    expect(merge.hint).toContain('`<label>@-1`');
    expect(merge.hint).not.toContain('@+1');
    expect(caught(() => planUpgrade(g, ['a'], '+1')).code).toBe('REVISION_AMBIGUOUS_WALK');
  });

  it('stamps a merge over both branches', () => {
    expect(planStamp(g, ['b1', 'b2'], ['m'])).toEqual(['m']);
    expect(planStamp(g, ['m'], ['b1'])).toEqual(['b1']);
  });
});

describe('multiple bases', () => {
  // Two independent lines: x1 -> x2 and y1 -> y2.
  const g = graphOf(
    rev('x1'),
    rev('x2', 'x1', { labels: ['xs'] }),
    rev('y1', [], { labels: ['ys'] }),
    rev('y2', 'y1'),
  );

  it('has two bases and two heads', () => {
    expect(g.bases).toEqual(['x1', 'y1']);
    expect(g.heads).toEqual(['x2', 'y2']);
  });

  it('upgrades each line from its own base, one row per line', () => {
    expect(show(planUpgrade(g, [], 'heads'))).toEqual([
      'up:y1 [] -> [y1]',
      'up:y2 [y1] -> [y2]',
      'up:x1 [y2] -> [x1,y2]',
      'up:x2 [x1,y2] -> [x2,y2]',
    ]);
    expect(show(planUpgrade(g, ['x2'], 'ys@head'))).toEqual([
      'up:y1 [x2] -> [x2,y1]',
      'up:y2 [x2,y1] -> [x2,y2]',
    ]);
    expect(ids(planUpgrade(g, [], 'ys@+1'))).toEqual(['y1']);
    expect(caught(() => planUpgrade(g, [], '+1')).code).toBe('REVISION_AMBIGUOUS_WALK');
  });

  it('downgrades one line to base, leaving the other', () => {
    expect(show(planDowngrade(g, ['x2', 'y2'], 'ys@base'))).toEqual([
      'down:y2 [x2,y2] -> [x2,y1]',
      'down:y1 [x2,y1] -> [x2]',
    ]);
    expect(ids(planDowngrade(g, ['x2', 'y2'], 'base'))).toEqual(['x2', 'x1', 'y2', 'y1']);
    expect(show(planDowngrade(g, ['x2', 'y2'], 'xs@-1'))).toEqual(['down:x2 [x2,y2] -> [x1,y2]']);
  });

  it('stamps a base line away', () => {
    expect(planStamp(g, ['x2', 'y2'], ['ys@base'])).toEqual(['x2']);
    expect(planStamp(g, ['x2'], ['y1'])).toEqual(['x2', 'y1']);
  });
});

describe('dependencies (dependsOn across branches)', () => {
  // Branch "net": n1 -> n2; branch "acc": a1 -> a2, where a2 depends on n1 (by label-free id)
  // and d1 (a base) depends on the whole "net" label.
  const g = graphOf(
    rev('n1', [], { labels: ['net'] }),
    rev('n2', 'n1'),
    rev('a1', [], { labels: ['acc'] }),
    rev('a2', 'a1', { dependsOn: ['n1'] }),
    rev('d1', [], { dependsOn: ['net'] }),
  );

  it('heads ignore dependencies, real heads do not', () => {
    expect(g.heads).toEqual(['a2', 'd1', 'n2']);
    expect(g.realHeads).toEqual(['a2', 'd1', 'n2']);
    expect(g.bases).toEqual(['a1', 'd1', 'n1']);
    expect(g.realBases).toEqual(['a1', 'n1']);
    expect(g.dependentsOf('n1')).toEqual(['a2', 'd1']);
    expect(g.dependenciesOf('d1')).toEqual(['n1']);
    expect(g.ancestors(['a2'])).toEqual(['a1', 'n1', 'a2']);
    expect(g.ancestors(['a2'], { includeDependencies: false })).toEqual(['a1', 'a2']);
    expect(g.descendants(['n1'])).toEqual(['n1', 'a2', 'd1', 'n2']);
  });

  it('upgrading a dependent applies the dependency first; its row gives way', () => {
    expect(show(planUpgrade(g, [], 'a2'))).toEqual([
      'up:n1 [] -> [n1]',
      'up:a1 [n1] -> [a1,n1]',
      'up:a2 [a1,n1] -> [a2]',
    ]);
    expect(show(planUpgrade(g, [], 'd1'))).toEqual(['up:n1 [] -> [n1]', 'up:d1 [n1] -> [d1]']);
    expect(show(planUpgrade(g, ['a2'], 'net@head'))).toEqual(['up:n2 [a2] -> [a2,n2]']);
  });

  it('downgrading a dependency first reverts its dependents', () => {
    expect(show(planDowngrade(g, ['a2', 'd1', 'n2'], 'base'))).toEqual([
      'down:a2 [a2,d1,n2] -> [a1,d1,n2]',
      'down:a1 [a1,d1,n2] -> [d1,n2]',
      'down:d1 [d1,n2] -> [n2]',
      'down:n2 [n2] -> [n1]',
      'down:n1 [n1] -> []',
    ]);
    expect(show(planDowngrade(g, ['a2'], 'acc@base'))).toEqual([
      'down:a2 [a2] -> [a1,n1]',
      'down:a1 [a1,n1] -> [n1]',
    ]);
  });

  it('upgrade to heads then downgrade to base mirror each other', () => {
    const up = planUpgrade(g, [], 'heads');
    expect(up.at(-1)!.headsAfter).toEqual(['a2', 'd1', 'n2']);
    const down = planDowngrade(g, up.at(-1)!.headsAfter, 'base');
    expect(ids(down).sort()).toEqual(ids(up).sort());
    expect(down.at(-1)!.headsAfter).toEqual([]);
  });
});

describe('cycles', () => {
  it('prints the cycle through revises', () => {
    const e = caught(() => graphOf(rev('a', 'c'), rev('b', 'a'), rev('c', 'b'), rev('z')));
    expect(e.code).toBe('REVISION_CYCLE');
    expect(e.exitCode).toBe(4);
    expect(e.message).toBe('Cycle is detected in revisions: a -> c -> b -> a');
  });

  it('reports a dependency cycle and self-loops', () => {
    const dep = caught(() => graphOf(rev('a'), rev('b', 'a', { dependsOn: ['c'] }), rev('c', 'b')));
    expect(dep.message).toBe('Dependency cycle is detected in revisions: b -> c -> b');
    expect(caught(() => graphOf(rev('a', 'a'))).message).toBe(
      'Self-loop is detected in revisions: a -> a',
    );
    expect(caught(() => graphOf(rev('a', [], { dependsOn: ['a'] }))).message).toBe(
      'Dependency self-loop is detected in revisions: a -> a',
    );
  });

  it('finds a cycle with no base at all', () => {
    expect(caught(() => graphOf(rev('p', 'q'), rev('q', 'p'))).message).toBe(
      'Cycle is detected in revisions: p -> q -> p',
    );
  });
});

describe('missing parents and dependencies', () => {
  it('names the revision, its file and the missing id', () => {
    const e = caught(() => graphOf(rev('a'), rev('b', 'zz', { file: 'migrations/b_add.sql' })));
    expect(e.code).toBe('REVISION_MISSING_PARENT');
    expect(e.message).toBe('Revision zz referenced from b (migrations/b_add.sql) is not present');
    const d = caught(() => graphOf(rev('a'), rev('b', 'a', { dependsOn: ['nolabel'] })));
    expect(d.code).toBe('REVISION_MISSING_DEPENDENCY');
    expect(d.message).toContain('nolabel');
    expect(d.message).toContain('migrations/b_x.ts');
  });
});

describe('duplicates', () => {
  it('names both files of a duplicate id', () => {
    const e = caught(() =>
      graphOf(
        rev('a', [], { file: 'migrations/a_one.ts' }),
        rev('a', [], { file: 'migrations/a_two.sql' }),
      ),
    );
    expect(e.code).toBe('REVISION_DUPLICATE');
    expect(e.message).toContain('migrations/a_one.ts');
    expect(e.message).toContain('migrations/a_two.sql');
  });

  it('refuses a branch label used twice or equal to an id', () => {
    const e = caught(() =>
      graphOf(rev('a', [], { labels: ['x'] }), rev('b', 'a', { labels: ['x'] })),
    );
    expect(e.code).toBe('BRANCH_LABEL_DUPLICATE');
    expect(e.message).toContain("Branch name 'x' in revision b");
    expect(e.message).toContain('already used by revision a');
    expect(caught(() => graphOf(rev('a'), rev('b', 'a', { labels: ['a'] }))).code).toBe(
      'BRANCH_LABEL_DUPLICATE',
    );
  });

  it('refuses ids with target syntax characters', () => {
    expect(caught(() => graphOf(rev('a-1'))).code).toBe('REVISION_ID_INVALID');
    expect(caught(() => graphOf(rev('a@b'))).message).toContain("'@'");
  });
});

describe('prefixes and ambiguity', () => {
  const g = graphOf(
    rev('ae1027a6acf0'),
    rev('ae10ffff0000', 'ae1027a6acf0'),
    rev('1975ea83b712', 'ae10ffff0000'),
    rev('abc'),
  );

  it('resolves a unique prefix of any length against ids longer than three characters', () => {
    expect(g.resolve('1975').id).toBe('1975ea83b712');
    expect(g.resolve('1').id).toBe('1975ea83b712');
    expect(g.resolve('ae102').id).toBe('ae1027a6acf0');
    expect(g.resolve('abc').id).toBe('abc');
    expect(ids(planUpgrade(g, [], '1975'))).toEqual([
      'ae1027a6acf0',
      'ae10ffff0000',
      '1975ea83b712',
    ]);
  });

  it('lists candidates with their messages when ambiguous', () => {
    const e = caught(() => g.resolve('ae10'));
    expect(e.code).toBe('REVISION_AMBIGUOUS');
    expect(e.message).toBe(
      "Multiple revisions start with 'ae10':\n  ae1027a6acf0  ae1027a6acf0 message\n  ae10ffff0000  ae10ffff0000 message",
    );
  });

  it("reports unknown revisions, with Alembic's hint for short prefixes", () => {
    const e = caught(() => g.resolve('ff'));
    expect(e.code).toBe('REVISION_NOT_FOUND');
    expect(e.message).toContain(
      "No such revision or branch 'ff'; please ensure at least four characters",
    );
    expect(caught(() => g.resolve('ffffff')).message).toBe("No such revision or branch 'ffffff'");
    expect(caught(() => planUpgrade(g, ['nothere'], 'heads')).code).toBe('REVISION_NOT_FOUND');
  });
});
