import type { Revision } from '../core/revisions/revision.js';

/**
 * Reading revision files from a migrations directory, statically (never executing them).
 *
 * CONTRACT STUB — implemented by the revision-files work.
 */

/** A revision read from disk: its metadata plus where it is. */
export interface RevisionFile extends Revision {
  /** Path relative to the project root. */
  readonly file: string;
  /** Absolute path. */
  readonly absolutePath: string;
  readonly format: 'ts' | 'sql';
}

/**
 * Reads the metadata of every `<revision>_<slug>.(ts|sql)` file in `migrationsDir`. Throws a
 * RetortError (exit 4) naming the file and line for a malformed file.
 */
export async function readRevisionFiles(
  migrationsDir: string,
  rootDir: string,
): Promise<RevisionFile[]> {
  void migrationsDir;
  void rootDir;
  throw new Error('readRevisionFiles: not implemented yet');
}

/** The two sections of a SQL revision file, with their starting line numbers (1-based). */
export interface SqlMigrationBody {
  readonly upgrade: string;
  readonly upgradeLine: number;
  readonly downgrade: string;
  readonly downgradeLine: number;
  /** `-- transactional: false` in the header. */
  readonly transactional: boolean;
}

/** Splits a SQL revision file's text (BOM and CRLF tolerated) into its sections. */
export function readSqlMigrationBody(text: string, file: string): SqlMigrationBody {
  void text;
  void file;
  throw new Error('readSqlMigrationBody: not implemented yet');
}
