import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CHECKSUM_ALGORITHM, normaliseForChecksum } from '../core/runner/checksum.js';
import type { MigrationDefinition } from '../core/migration.js';
import { createOpRecorder, type OpRecorderOptions } from '../core/ops/op-recorder.js';
import type { Statement } from '../core/sql/statement.js';
import { ExitCode } from '../core/errors.js';
import { readSqlMigrationBody, type RevisionFile } from '../project/revision-files.js';
import { RunnerUsageError } from './runner-errors.js';
import { sqlSplitter } from './sql-statements.js';

/** `v1:<sha256 hex>` of a file's normalised text. */
export function checksumOf(text: string): string {
  return `${CHECKSUM_ALGORITHM}:${createHash('sha256').update(normaliseForChecksum(text), 'utf8').digest('hex')}`;
}

// A run reads each file twice (checksum check, then to run it): keep the text of the last few
// hundred; small files, read synchronously (faster than fs/promises for a CLI's sequential reads).
const texts = new Map<string, string>();

/** A revision file's text, read once per run. */
export function revisionText(path: string): string {
  let text = texts.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    if (texts.size > 2000) texts.clear();
    texts.set(path, text);
  }
  return text;
}

/** A migration ready to run in one direction. */
export interface LoadedMigration {
  readonly statements: Statement[];
  readonly checksum: string;
}

type Jiti = { import(id: string, opts: { default: true }): Promise<unknown> };
let jiti: Jiti | undefined;

async function importTs(file: string): Promise<MigrationDefinition> {
  if (!jiti) {
    const { createJiti } = await import('jiti');
    jiti = createJiti(import.meta.url, {
      alias: { 'retort-pg': new URL('../index.js', import.meta.url).pathname },
      moduleCache: false,
    }) as Jiti;
  }
  const mod = (await jiti.import(file, { default: true })) as MigrationDefinition | undefined;
  if (!mod || typeof mod.upgrade !== 'function' || typeof mod.downgrade !== 'function') {
    throw new RunnerUsageError(
      'MIGRATION_INVALID',
      `${file} does not export default defineMigration({ upgrade, downgrade, ... }).`,
      'Make the default export a defineMigration({...}) call with upgrade and downgrade functions.',
      ExitCode.Revision,
    );
  }
  return mod;
}

/**
 * Loads one revision's statements for one direction: a SQL file through its section and
 * PostgreSQL's parser, a TypeScript file by calling upgrade/downgrade with a recording `op`.
 * `query` serves `op.query` (online only; offline it stays absent and `op.query` throws).
 */
export async function loadMigration(
  file: RevisionFile,
  direction: 'up' | 'down',
  query?: OpRecorderOptions['query'],
): Promise<LoadedMigration> {
  const text = revisionText(file.absolutePath);
  const checksum = checksumOf(text);
  const split = await sqlSplitter(file.file, text);
  if (file.format === 'sql') {
    const body = readSqlMigrationBody(text, file.file);
    const statements = split(
      direction === 'up' ? body.upgrade : body.downgrade,
      (direction === 'up' ? body.upgradeLine : body.downgradeLine) - 1,
    );
    return {
      checksum,
      statements: body.transactional
        ? statements
        : statements.map((s) => ({ ...s, transactional: false })),
    };
  }
  const definition = await importTs(file.absolutePath);
  const recorder = createOpRecorder({
    file: file.file,
    revision: file.id,
    splitSql: (sql) => split(sql),
    ...(query ? { query } : {}),
  });
  await (direction === 'up' ? definition.upgrade(recorder.op) : definition.downgrade(recorder.op));
  const statements = recorder.take();
  return {
    checksum,
    statements:
      definition.transactional === false
        ? statements.map((s) => ({ ...s, transactional: false }))
        : statements,
  };
}
