import {
  BranchLabelDuplicateError,
  DuplicateRevisionError,
  InvalidRevisionIdError,
  MissingDependencyError,
  MissingParentError,
  MultipleHeadsError,
  RevisionCycleError,
  RevisionNotFoundError,
} from './errors.js';
import type { Revision } from './revision.js';
import { iterateHistory } from './history-range.js';
import { parseTarget } from './revision-target.js';
import { currentIndexes, resolveAbsolute, resolveRelative } from './target-resolution.js';

/** Characters Alembic forbids in ids because targets use them (`label@x`, `x+1`, `a:b`). */
const ILLEGAL_ID_CHARS = ['@', '-', '+', ':'] as const;
const ILLEGAL_ID = /[@+:-]/;
/** Shared by every revision without links of a kind; never mutated. */
const EMPTY: number[] = [];

/** A branch point for `retort branches`: a revision with several children. */
export interface BranchPoint {
  readonly revision: Revision;
  /** Ids of the revisions that revise it, in creation order. */
  readonly children: readonly string[];
}

/** Options of {@link RevisionGraph.iterate}. */
export interface IterateOptions {
  /** Newest end of the range (`heads` when omitted). May be `current`. */
  readonly upper?: string | undefined;
  /** Oldest end, included (`base` when omitted). May be `current` or relative (`-3`). */
  readonly lower?: string | undefined;
  /** Rows of the version table, to resolve `current`. */
  readonly currentHeads?: readonly string[] | undefined;
}

function compareRank(a: Revision, b: Revision): number {
  const ca = a.createdAt ?? '';
  const cb = b.createdAt ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The revision graph with Alembic's semantics (alembic/script/revision.py): multiple bases,
 * branches, merges, `dependsOn`, branch labels. Built from revision metadata only; knows nothing
 * about files. Construction validates the graph and throws a `RevisionGraphError` subclass
 * (exit code 4) for a cycle, a duplicate id, a missing parent or dependency, a duplicate label,
 * an id containing `@ - + :`.
 *
 * Building is deterministic whatever the input order: revisions are ranked by `createdAt`, then
 * id ("creation order"), which stands in for Alembic's file order wherever order matters.
 * Everything is iterative and linear in the number of revisions and links.
 *
 * @example
 * const graph = new RevisionGraph(revisions);
 * graph.heads;            // ['e4f7a9b2c3d1']
 * graph.resolve('e4f7');  // the revision e4f7a9b2c3d1
 */
export class RevisionGraph {
  /** All revisions, in a stable topological order (parents and dependencies first). */
  readonly revisions: readonly Revision[];

  /** Revisions in creation order; a revision's index here is its rank. */
  private readonly ranked: readonly Revision[];
  private readonly indexById = new Map<string, number>();
  private readonly indexByLabel = new Map<string, number>();
  private readonly parentIdx: number[][];
  private readonly depIdx: number[][];
  /** Parents then dependencies, deduplicated: every link a revision needs below it. */
  private readonly downIdx: number[][];
  /** Versioned children (revisions that revise it), built on first use. */
  private childCache: number[][] | undefined;
  /** Every revision above it: children and dependents, built on first use. */
  private upCache: number[][] | undefined;
  private readonly headIds: readonly string[];
  private readonly realHeadIds: readonly string[];
  private readonly baseIds: readonly string[];
  private readonly realBaseIds: readonly string[];
  private effectiveLabels: Map<number, Set<string>> | undefined;

  constructor(revisions: readonly Revision[]) {
    let ordered = true;
    for (let i = 1; i < revisions.length; i++) {
      const a = revisions[i - 1]!;
      const b = revisions[i]!;
      const ca = a.createdAt ?? '';
      const cb = b.createdAt ?? '';
      if (ca > cb || (ca === cb && a.id >= b.id)) {
        ordered = false;
        break;
      }
    }
    const ranked = ordered ? revisions : [...revisions].sort(compareRank);
    this.ranked = ranked;
    const n = ranked.length;
    const labelled: number[] = [];
    // Cold start matters (`retort heads` on 10,000 revisions is a whole process): one pass per
    // concern, and no array allocated for the common "no dependencies, one child" shapes.
    for (let i = 0; i < n; i++) {
      const rev = ranked[i]!;
      if (ILLEGAL_ID.test(rev.id)) {
        throw new InvalidRevisionIdError(
          rev.id,
          rev.file,
          ILLEGAL_ID_CHARS.filter((c) => rev.id.includes(c)),
        );
      }
      const seen = this.indexById.get(rev.id);
      if (seen !== undefined) {
        throw new DuplicateRevisionError(rev.id, ranked[seen]!.file, rev.file);
      }
      this.indexById.set(rev.id, i);
      if (rev.branchLabels.length > 0) labelled.push(i);
    }
    for (const i of labelled) {
      const rev = ranked[i]!;
      for (const label of rev.branchLabels) {
        const other = this.indexByLabel.get(label) ?? this.indexById.get(label);
        if (other !== undefined) {
          throw new BranchLabelDuplicateError(label, rev.id, rev.file, ranked[other]!.id);
        }
        this.indexByLabel.set(label, i);
      }
    }
    const parentIdx = new Array<number[]>(n);
    const depIdx = new Array<number[]>(n);
    const downIdx = new Array<number[]>(n);
    // `heads` needs only "is anything above it": flags, no per-revision child lists.
    const hasChild = new Uint8Array(n);
    const hasUp = new Uint8Array(n);
    // Revisions usually arrive dated oldest first: then creation order is already topological
    // and the depth-first pass below is not needed (no link can close a cycle either).
    let topological = true;
    for (let i = 0; i < n; i++) {
      const rev = ranked[i]!;
      let parents = EMPTY;
      const revises = rev.revises;
      for (let k = 0; k < revises.length; k++) {
        const p = revises[k]!;
        if (p === rev.id) throw new RevisionCycleError([p, p], false);
        const j = this.indexById.get(p);
        if (j === undefined) throw new MissingParentError(rev.id, rev.file, p);
        if (parents === EMPTY) parents = [j];
        else if (!parents.includes(j)) parents.push(j);
        hasChild[j] = 1;
        hasUp[j] = 1;
        if (j > i) topological = false;
      }
      let deps = EMPTY;
      let downs = parents;
      for (let k = 0; k < rev.dependsOn.length; k++) {
        const d = rev.dependsOn[k]!;
        const j = this.indexById.get(d) ?? this.indexByLabel.get(d);
        if (j === undefined) throw new MissingDependencyError(rev.id, rev.file, d);
        if (j === i) throw new RevisionCycleError([rev.id, rev.id], true);
        if (deps === EMPTY) deps = [j];
        else if (!deps.includes(j)) deps.push(j);
        if (downs === parents) downs = [...parents];
        if (!downs.includes(j)) downs.push(j);
        hasUp[j] = 1;
        if (j > i) topological = false;
      }
      parentIdx[i] = parents;
      depIdx[i] = deps;
      downIdx[i] = downs;
    }
    this.parentIdx = parentIdx;
    this.depIdx = depIdx;
    this.downIdx = downIdx;
    this.revisions = topological ? ranked : this.topologicalSort();

    const heads: string[] = [];
    const realHeads: string[] = [];
    const bases: string[] = [];
    const realBases: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = ranked[i]!.id;
      if (hasChild[i] === 0) heads.push(id);
      if (hasUp[i] === 0) realHeads.push(id);
      if (parentIdx[i]!.length === 0) bases.push(id);
      if (downIdx[i]!.length === 0) realBases.push(id);
    }
    this.headIds = heads;
    this.realHeadIds = realHeads;
    this.baseIds = bases;
    this.realBaseIds = realBases;
  }

  /** Versioned children of each revision, in creation order. */
  private get childIdx(): number[][] {
    if (this.childCache === undefined) {
      const n = this.ranked.length;
      const children = new Array<number[]>(n).fill(EMPTY);
      for (let i = 0; i < n; i++) {
        const parents = this.parentIdx[i]!;
        for (let k = 0; k < parents.length; k++) {
          const p = parents[k]!;
          if (children[p] === EMPTY) children[p] = [i];
          else children[p]!.push(i);
        }
      }
      this.childCache = children;
    }
    return this.childCache;
  }

  /** Children, then dependents, of each revision. */
  private get upIdx(): number[][] {
    if (this.upCache === undefined) {
      const children = this.childIdx;
      let ups = children;
      for (let i = 0; i < this.ranked.length; i++) {
        const downs = this.downIdx[i]!;
        if (downs === this.parentIdx[i]) continue;
        for (const d of downs) {
          if (this.parentIdx[i]!.includes(d)) continue;
          if (ups === children) ups = children.slice();
          if (ups[d] === children[d]) ups[d] = [...children[d]!];
          ups[d]!.push(i);
        }
      }
      this.upCache = ups;
    }
    return this.upCache;
  }

  /**
   * Iterative depth-first post-order over the links below (parents first), revisions taken in
   * creation order: a topological order in one pass, and a revision met again while still on
   * the stack closes a cycle, which is reported with its path.
   */
  private topologicalSort(): Revision[] {
    const n = this.ranked.length;
    const state = new Uint8Array(n); // 0 unseen, 1 on the stack, 2 done
    const stackNode = new Int32Array(n);
    const stackEdge = new Int32Array(n);
    const out: Revision[] = [];
    for (let r = 0; r < n; r++) {
      if (state[r] !== 0) continue;
      state[r] = 1;
      stackNode[0] = r;
      stackEdge[0] = 0;
      let sp = 1;
      while (sp > 0) {
        const i = stackNode[sp - 1]!;
        const downs = this.downIdx[i]!;
        const e = stackEdge[sp - 1]!;
        if (e < downs.length) {
          stackEdge[sp - 1] = e + 1;
          const d = downs[e]!;
          if (state[d] === 0) {
            state[d] = 1;
            stackNode[sp] = d;
            stackEdge[sp] = 0;
            sp++;
          } else if (state[d] === 1) {
            let from = sp - 1;
            while (stackNode[from] !== d) from--;
            throw this.cycleError(Array.from(stackNode.subarray(from, sp)));
          }
        } else {
          state[i] = 2;
          out.push(this.ranked[i]!);
          sp--;
        }
      }
    }
    return out;
  }

  /** A cycle (each revision links down to the next, the last to the first) as an error. */
  private cycleError(loop: readonly number[]): RevisionCycleError {
    // Start the printed loop at its oldest member so the message is stable.
    let first = 0;
    for (let k = 1; k < loop.length; k++) if (loop[k]! < loop[first]!) first = k;
    const rotated = [...loop.slice(first), ...loop.slice(0, first)];
    const viaDependency = rotated.some(
      (from, k) => !this.parentIdx[from]!.includes(rotated[(k + 1) % rotated.length]!),
    );
    const ids = rotated.map((i) => this.ranked[i]!.id);
    return new RevisionCycleError([...ids, ids[0]!], viaDependency);
  }

  // ---------------------------------------------------------------- basic queries

  /** Number of revisions. */
  get size(): number {
    return this.ranked.length;
  }

  /** Revision by exact id; undefined when absent. @example graph.get('ae1027a6acf') */
  get(id: string): Revision | undefined {
    const i = this.indexById.get(id);
    return i === undefined ? undefined : this.ranked[i];
  }

  /**
   * Heads: revisions that no other revision revises (dependencies do not count), in creation
   * order. What `alembic heads` prints. @example graph.heads // ['d1', 'd2']
   */
  get heads(): readonly string[] {
    return this.headIds;
  }

  /**
   * Heads counting dependencies too: revisions nothing revises nor depends on. What the target
   * `heads` means (and `alembic heads --resolve-dependencies`).
   */
  get realHeads(): readonly string[] {
    return this.realHeadIds;
  }

  /** Bases: revisions with no parent (they may still depend on others), in creation order. */
  get bases(): readonly string[] {
    return this.baseIds;
  }

  /** Bases with neither parent nor dependency. */
  get realBases(): readonly string[] {
    return this.realBaseIds;
  }

  /** Ids of revisions that list `id` among their `revises`. @example graph.childrenOf('b') // ['c1', 'c2'] */
  childrenOf(id: string): readonly string[] {
    return this.ids(this.childIdx[this.must(id)]!);
  }

  /** Ids of revisions that list `id` (or one of its labels) in their `dependsOn`. */
  dependentsOf(id: string): readonly string[] {
    const i = this.must(id);
    return this.ids(this.upIdx[i]!.filter((u) => this.depIdx[u]!.includes(i)));
  }

  /** Dependencies of `id` resolved to revision ids (labels replaced by their revision). */
  dependenciesOf(id: string): readonly string[] {
    return this.ids(this.depIdx[this.must(id)]!);
  }

  /** True when nothing revises `id`. */
  isHead(id: string): boolean {
    return this.childIdx[this.must(id)]!.length === 0;
  }

  /** True when `id` revises nothing. */
  isBase(id: string): boolean {
    return this.parentIdx[this.must(id)]!.length === 0;
  }

  /** True when more than one revision revises `id`. */
  isBranchPoint(id: string): boolean {
    return this.childIdx[this.must(id)]!.length > 1;
  }

  /** True when `id` revises more than one revision (a merge). */
  isMergePoint(id: string): boolean {
    return this.parentIdx[this.must(id)]!.length > 1;
  }

  /**
   * Revisions with more than one child, with their children, oldest first (for
   * `retort branches`). @example graph.branchPoints() // [{ revision: b, children: ['c1', 'c2'] }]
   */
  branchPoints(): BranchPoint[] {
    const out: BranchPoint[] = [];
    for (const rev of this.revisions) {
      const i = this.indexById.get(rev.id)!;
      if (this.childIdx[i]!.length > 1)
        out.push({ revision: rev, children: this.ids(this.childIdx[i]!) });
    }
    return out;
  }

  /**
   * Branch labels that apply to `id`, Alembic's way: a label covers the revision declaring it,
   * every descendant of it (through `revises`), and its ancestors down to the nearest branch
   * point or merge. @example graph.branchLabelsOf('d1') // ['c1branch']
   */
  branchLabelsOf(id: string): readonly string[] {
    const i = this.must(id);
    if (this.effectiveLabels === undefined) this.effectiveLabels = this.computeLabels();
    return [...(this.effectiveLabels.get(i) ?? [])].sort(byId);
  }

  private computeLabels(): Map<number, Set<string>> {
    const out = new Map<number, Set<string>>();
    const add = (i: number, labels: readonly string[]): void => {
      let set = out.get(i);
      if (set === undefined) out.set(i, (set = new Set()));
      for (const l of labels) set.add(l);
    };
    for (const i of new Set(this.indexByLabel.values())) {
      const labels = this.ranked[i]!.branchLabels;
      const below = this.closure([i], this.childIdx);
      for (let k = 0; k < below.length; k++) if (below[k]) add(k, labels);
      let at: number | undefined = i;
      while (at !== undefined && this.upIdx[at]!.length <= 1 && this.parentIdx[at]!.length <= 1) {
        add(at, labels);
        at = this.parentIdx[at]![0];
      }
    }
    return out;
  }

  /**
   * Ids of the ancestors of `ids` (the revisions themselves included), through `revises` and,
   * unless `includeDependencies` is false, `dependsOn`; in topological order.
   */
  ancestors(ids: readonly string[], options: { includeDependencies?: boolean } = {}): string[] {
    const mask = this.closure(
      ids.map((id) => this.must(id)),
      options.includeDependencies === false ? this.parentIdx : this.downIdx,
    );
    return this.revisions.filter((r) => mask[this.indexById.get(r.id)!]).map((r) => r.id);
  }

  /** The mirror of {@link ancestors}: `ids` and everything above them. */
  descendants(ids: readonly string[], options: { includeDependencies?: boolean } = {}): string[] {
    const mask = this.closure(
      ids.map((id) => this.must(id)),
      options.includeDependencies === false ? this.childIdx : this.upIdx,
    );
    return this.revisions.filter((r) => mask[this.indexById.get(r.id)!]).map((r) => r.id);
  }

  // ---------------------------------------------------------------- resolution

  /**
   * Resolves a single revision reference: full id, unique prefix, branch label, `label@head`,
   * `head` (exactly one head, else MultipleHeadsError), `<rev>@<prefix>`. Throws
   * RevisionNotFoundError or AmbiguousRevisionError (listing candidates).
   *
   * @example graph.resolve('c1branch@head').id // 'd1'
   */
  resolve(ref: string): Revision {
    const target = parseTarget(ref);
    const found =
      target.kind === 'absolute'
        ? resolveAbsolute(this, target.label, target.symbol)
        : resolveRelative(this, target.label, target.symbol, target.delta, target.relative, []);
    if (found.length > 1) throw new MultipleHeadsError(this.ids(found), ref);
    const only = found[0];
    if (only === undefined)
      throw new RevisionNotFoundError(ref, `'${ref}' names no revision (it is base)`);
    return this.ranked[only]!;
  }

  /**
   * Resolves a target to its revisions: several for `heads`, none for `base`. Relative targets
   * (`+1`, `-2`, `label@+1`) count from `currentHeads` (the version table rows).
   *
   * @example graph.resolveTargets('heads').map((r) => r.id) // ['d1', 'd2']
   */
  resolveTargets(target: string, options: { currentHeads?: readonly string[] } = {}): Revision[] {
    const t = parseTarget(target);
    const found =
      t.kind === 'absolute'
        ? resolveAbsolute(this, t.label, t.symbol)
        : resolveRelative(
            this,
            t.label,
            t.symbol,
            t.delta,
            t.relative,
            currentIndexes(this, options.currentHeads ?? []),
          );
    return found.map((i) => this.ranked[i]!);
  }

  // ---------------------------------------------------------------- traversal

  /**
   * Revisions of a history range, newest first, as `alembic history -r lower:upper` lists them:
   * `upper` and its ancestors, down to and including `lower` (which must be an ancestor).
   * `current` (either end) means `currentHeads`; a `label@base` lower end keeps that branch.
   *
   * @example graph.iterate({ lower: 'b', upper: 'heads' }).map((r) => r.id) // ['d1', 'c1', 'd2', 'c2', 'b']
   */
  iterate(options: IterateOptions = {}): Revision[] {
    return iterateHistory(this, options);
  }

  /**
   * @internal Orders `members` newest first, walking one branch down as far as it can before
   * the next (Alembic's `_topological_sort`): a revision comes only after every member above it.
   */
  walkDown(members: readonly number[]): number[] {
    const inSet = new Uint8Array(this.ranked.length);
    for (let k = 0; k < members.length; k++) inSet[members[k]!] = 1;
    const pending = new Int32Array(this.ranked.length);
    for (let k = 0; k < members.length; k++) {
      const downs = this.downIdx[members[k]!]!;
      for (let j = 0; j < downs.length; j++) if (inSet[downs[j]!]) pending[downs[j]!]!++;
    }
    const stack: number[] = [];
    for (let i = this.ranked.length - 1; i >= 0; i--)
      if (inSet[i] && pending[i] === 0) stack.push(i);
    const out: number[] = [];
    const fresh: number[] = [];
    while (stack.length > 0) {
      const i = stack.pop()!;
      out.push(i);
      fresh.length = 0;
      const downs = this.downIdx[i]!;
      for (let j = 0; j < downs.length; j++) {
        const d = downs[j]!;
        if (inSet[d] && --pending[d]! === 0) fresh.push(d);
      }
      for (let k = fresh.length - 1; k >= 0; k--) stack.push(fresh[k]!);
    }
    return out;
  }

  /** @internal Everything reachable from `starts` through `links`, starts included. */
  closure(starts: readonly number[], links: readonly (readonly number[])[]): Uint8Array {
    const seen = new Uint8Array(this.ranked.length);
    const stack = [...starts];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (seen[i]) continue;
      seen[i] = 1;
      const next = links[i]!;
      for (let k = 0; k < next.length; k++) if (!seen[next[k]!]) stack.push(next[k]!);
    }
    return seen;
  }

  /** @internal Links below each revision (parents, then dependencies). */
  get downLinks(): readonly (readonly number[])[] {
    return this.downIdx;
  }
  /** @internal Links above each revision (children and dependents). */
  get upLinks(): readonly (readonly number[])[] {
    return this.upIdx;
  }
  /** @internal Versioned children of each revision. */
  get childLinks(): readonly (readonly number[])[] {
    return this.childIdx;
  }
  /** @internal Parents of each revision. */
  get parentLinks(): readonly (readonly number[])[] {
    return this.parentIdx;
  }
  /** @internal */
  at(i: number): Revision {
    return this.ranked[i]!;
  }
  /** @internal */
  indexOf(id: string): number {
    return this.must(id);
  }

  /** @internal Index of a revision id, or undefined. */
  idIndex(id: string): number | undefined {
    return this.indexById.get(id);
  }
  /** @internal Index of the revision declaring a branch label, or undefined. */
  labelIndex(label: string): number | undefined {
    return this.indexByLabel.get(label);
  }
  /** @internal Revisions whose id starts with `prefix` (Alembic: only ids longer than 3). */
  prefixMatches(prefix: string): number[] {
    const out: number[] = [];
    for (const [id, i] of this.indexById) if (id.length > 3 && id.startsWith(prefix)) out.push(i);
    return out;
  }
  /** @internal */
  idsOf(indexes: readonly number[]): string[] {
    return this.ids(indexes);
  }
  /** @internal */
  indexesOf(ids: readonly string[]): number[] {
    return this.indexes(ids);
  }

  private must(id: string): number {
    const i = this.indexById.get(id);
    if (i === undefined) throw new RevisionNotFoundError(id, `No such revision '${id}'`);
    return i;
  }

  private ids(indexes: readonly number[]): string[] {
    return indexes.map((i) => this.ranked[i]!.id);
  }

  private indexes(ids: readonly string[]): number[] {
    return ids.map((id) => this.indexById.get(id)!);
  }
}
