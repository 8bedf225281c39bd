import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanStep } from '../../src/core/revisions/plan-steps.js';
import type { RevisionFile } from '../../src/project/revision-files.js';

/** A directory of hand-written TypeScript revisions, bypassing the file reader and the graph. */
export function tsRevisions(): {
  dir: string;
  files: Map<string, RevisionFile>;
  add(id: string, up: string, down: string, extra?: string): RevisionFile;
  up(...ids: string[]): PlanStep[];
  down(...ids: string[]): PlanStep[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'retort-runner-'));
  const files = new Map<string, RevisionFile>();
  const order: string[] = [];
  const parentOf = (id: string): string[] => {
    const i = order.indexOf(id);
    return i > 0 ? [order[i - 1]!] : [];
  };
  return {
    dir,
    files,
    add(id, up, down, extra = '') {
      const file = `${id}_m.ts`;
      writeFileSync(
        join(dir, file),
        `export default {\n  revision: '${id}',\n  revises: null,\n  message: 'm ${id}',${extra}\n  async upgrade(op) {\n${up}\n  },\n  async downgrade(op) {\n${down}\n  },\n};\n`,
      );
      const rf: RevisionFile = {
        id,
        revises: parentOf(id),
        dependsOn: [],
        branchLabels: [],
        message: `m ${id}`,
        file: `migrations/${file}`,
        absolutePath: join(dir, file),
        format: 'ts',
        transactional: true,
      };
      order.push(id);
      files.set(id, rf);
      return rf;
    },
    up(...ids) {
      return ids.map((id) => ({
        revision: files.get(id)!,
        direction: 'up' as const,
        headsBefore: parentOf(id),
        headsAfter: [id],
      }));
    },
    down(...ids) {
      return ids.map((id) => ({
        revision: files.get(id)!,
        direction: 'down' as const,
        headsBefore: [id],
        headsAfter: parentOf(id),
      }));
    },
  };
}
