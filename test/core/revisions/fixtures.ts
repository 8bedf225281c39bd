import type { Revision } from '../../../src/core/revisions/revision.js';
import { RevisionGraph } from '../../../src/core/revisions/revision-graph.js';
import type { PlanStep } from '../../../src/core/revisions/plan-steps.js';

/** A revision from compact arguments: `rev('c', 'b')`, `rev('m', ['b1', 'b2'], { labels: ['x'] })`. */
export function rev(
  id: string,
  revises: string | readonly string[] = [],
  options: {
    dependsOn?: readonly string[];
    labels?: readonly string[];
    file?: string;
    createdAt?: string;
  } = {},
): Revision {
  return {
    id,
    revises: typeof revises === 'string' ? [revises] : revises,
    dependsOn: options.dependsOn ?? [],
    branchLabels: options.labels ?? [],
    message: `${id} message`,
    file: options.file ?? `migrations/${id}_x.ts`,
    ...(options.createdAt === undefined ? {} : { createdAt: options.createdAt }),
  };
}

export function graphOf(...revisions: Revision[]): RevisionGraph {
  return new RevisionGraph(revisions);
}

/** Steps as `up:c [b] -> [c]` strings: order, direction and version rows in one readable line. */
export function show(steps: readonly PlanStep[]): string[] {
  return steps.map(
    (s) =>
      `${s.direction}:${s.revision.id} [${s.headsBefore.join(',')}] -> [${s.headsAfter.join(',')}]`,
  );
}

export function ids(steps: readonly PlanStep[]): string[] {
  return steps.map((s) => s.revision.id);
}

/** Runs `fn` and returns the RetortError it throws (fails the test when it does not throw). */
export function caught(fn: () => unknown): {
  code: string;
  message: string;
  exitCode: number;
  hint?: string | undefined;
} {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string; exitCode: number; hint?: string };
  }
  throw new Error('expected an error');
}

/**
 * Revisions created in the order given (Alembic's tests rely on file order): `[id, revises,
 * options]` tuples, each dated one minute after the previous.
 */
export function inOrder(
  ...specs: [string, (string | readonly string[])?, Parameters<typeof rev>[2]?][]
): RevisionGraph {
  return new RevisionGraph(
    specs.map(([id, revises, options], k) =>
      rev(id, revises ?? [], {
        ...options,
        createdAt: `2024-01-01T00:${String(k).padStart(2, '0')}:00Z`,
      }),
    ),
  );
}
