import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as retort from '../../src/index.js';
import { importRevisionFile } from '../../src/project/migration-source.js';
import { readRevisionFiles, type RevisionFile } from '../../src/project/revision-files.js';

/** What a migration imports from the package by name (README's migration examples). */
const MIGRATION_EXPORTS = [
  'defineMigration',
  'sql',
  'quoteIdent',
  'quoteLiteral',
  'RetortError',
  'ExitCode',
  'isRetortError',
];

/** A TypeScript revision file in a temporary directory, as the migration loader reads it. */
async function revisionFile(id: string, source: string): Promise<RevisionFile> {
  const dir = mkdtempSync(join(tmpdir(), 'retort-migration-imports-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', `${id}_imports.ts`), source);
  const [file] = await readRevisionFiles(join(dir, 'migrations'), dir);
  return file!;
}

const body = (id: string, extra: string) => `
export default defineMigration({
  revision: '${id}',
  revises: null,
  message: 'imports',
  upgrade(op) {},
  downgrade(op) {},
  ${extra}
});
`;

describe("a migration's imports from retort-pg", () => {
  it('named imports are the values the package exports (taken from the core modules)', async () => {
    const id = 'a0a0a0a0a0a1';
    const def = (await importRevisionFile(
      await revisionFile(
        id,
        `import { ${MIGRATION_EXPORTS.join(', ')}, type MigrationDefinition } from 'retort-pg';\n` +
          body(id, `imported: { ${MIGRATION_EXPORTS.join(', ')} },`),
      ),
    )) as unknown as { imported: Record<string, unknown> };
    for (const name of MIGRATION_EXPORTS) {
      expect(def.imported[name], name).toBeDefined();
      expect(def.imported[name], name).toBe((retort as Record<string, unknown>)[name]);
    }
  });

  it('a migration that throws while loading is a MIGRATION_IMPORT_FAILED naming its line', async () => {
    const id = 'a0a0a0a0a0a3';
    const file = await revisionFile(
      id,
      `import { defineMigration } from 'retort-pg';\n\nthrow new Error('boom');\n` + body(id, ''),
    );
    await expect(importRevisionFile(file)).rejects.toMatchObject({
      code: 'MIGRATION_IMPORT_FAILED',
      message: expect.stringMatching(new RegExp(`${file.file}:3:\\d+: boom$`)),
    });
  });

  it('any other import gets the package entry', async () => {
    const id = 'a0a0a0a0a0a2';
    const def = (await importRevisionFile(
      await revisionFile(
        id,
        `import * as r from 'retort-pg';\nconst { defineMigration } = r;\n` +
          body(id, 'verbs: typeof r.upgrade,'),
      ),
    )) as unknown as { verbs: string };
    expect(def.verbs).toBe('function');
  });
});
