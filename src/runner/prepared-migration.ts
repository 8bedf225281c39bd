import { createHash } from 'node:crypto';
import { isRetortError } from '../core/errors.js';
import type { MigrationDefinition } from '../core/migration.js';
import { createOpRecorder, type OpRecorderOptions } from '../core/ops/op-recorder.js';
import { CHECKSUM_ALGORITHM, normaliseForChecksum } from '../core/runner/checksum.js';
import { groupUnits, type Unit } from '../core/runner/units.js';
import type { Statement } from '../core/sql/statement.js';
import { loadParser } from '../parser/parse-sql.js';
import { parseRendered, parseSql } from '../parser/sql-statements.js';
import {
  readRevisionText,
  importRevisionFile,
  type MigrationSource,
} from '../project/migration-source.js';
import type { PreparedCache } from '../project/prepared-cache.js';
import { readSqlMigrationBody, type RevisionFile } from '../project/revision-files.js';
import { MigrationCodeError } from '../project/revision-file-errors.js';
import { RunnerUsageError } from './runner-errors.js';

/** `v1:<sha256 hex>` of a revision's normalised text. */
export function checksumOf(text: string): string {
  return `${CHECKSUM_ALGORITHM}:${createHash('sha256').update(normaliseForChecksum(text), 'utf8').digest('hex')}`;
}

/**
 * One pending migration in one direction, built once per run: what the linter reads, what the
 * runner executes, what `--sql` prints and what the half-done message quotes.
 */
export interface PreparedMigration {
  readonly revision: RevisionFile;
  readonly direction: 'up' | 'down';
  /** The revision's text (file text, or a bundled module's source). */
  readonly text: string;
  readonly checksum: string;
  /**
   * A data migration (its code calls `op.query`): its code runs once, live, inside its
   * transaction when the runner reaches it; `statements` and `units` are then empty, and each
   * statement it produces is linted before it is sent.
   */
  readonly data: boolean;
  /** Every statement, in order, with parse trees; equal to the concatenation of `units`. */
  readonly statements: readonly Statement[];
  /** Where commits happen (see `groupUnits`). */
  readonly units: readonly Unit[];
  /** `-- retort-ignore` comments above no statement (SQL files), for the linter. */
  readonly strayIgnores: readonly { line: number; text: string }[];
  /** A TypeScript revision's definition (data migrations run it later). */
  readonly definition?: MigrationDefinition;
  /**
   * Set on a SQL revision: its key in the prepared cache (checksum and direction). Its statements
   * come without parse trees when they were read from the cache (`withTrees` parses them).
   */
  readonly cacheKey?: string;
}

/** A call of `op.query` in a migration's source text: it is a data migration. */
const QUERY_CALL = /\.\s*query\s*[(<]/;

/** Loads and prepares a run's migrations; every text and definition is read once per run. */
export interface MigrationLoader {
  readonly source: MigrationSource;
  /** The revision's text, read once per run. */
  text(revision: RevisionFile): Promise<string>;
  checksum(revision: RevisionFile): Promise<string>;
  /** The prepared migration, built on the first call for (revision, direction), then shared. */
  prepare(revision: RevisionFile, direction: 'up' | 'down'): Promise<PreparedMigration>;
  /**
   * For `retort lint` only (no database): a data migration recorded with every `op.query`
   * answering no rows, the queries linted as statements.
   */
  prepareDry(revision: RevisionFile, direction: 'up' | 'down'): Promise<PreparedMigration>;
  /** The prepared migration with parse trees on every statement (parsed if the cache had it). */
  withTrees(revision: RevisionFile, direction: 'up' | 'down'): Promise<PreparedMigration>;
  /** The project's prepared cache, when the run uses one (file sources). */
  readonly cache?: PreparedCache | undefined;
}

/** Reads revision files by their `absolutePath` (the default when no source is given). */
const pathSource: Pick<MigrationSource, 'text' | 'definition'> = {
  text: readRevisionText,
  definition: importRevisionFile,
};

/**
 * A fresh loader for one run. Two runs never share a loader, so a file edited between them is
 * read again (text, checksum, statements).
 *
 * @example
 * const loader = createMigrationLoader(fileSource(config));
 * const m = await loader.prepare(file, 'up'); // m.units → runner, linter, --sql
 */
export function createMigrationLoader(
  source: MigrationSource = { revisions: async () => [], ...pathSource },
  cache?: PreparedCache,
): MigrationLoader {
  const texts = new Map<string, Promise<string>>();
  const prepared = new Map<string, Promise<PreparedMigration>>();
  const text = (revision: RevisionFile): Promise<string> => {
    let t = texts.get(revision.id);
    if (t === undefined) {
      t = source.text(revision);
      texts.set(revision.id, t);
    }
    return t;
  };
  const build = async (
    revision: RevisionFile,
    direction: 'up' | 'down',
    mode: 'run' | 'dry' | 'trees',
  ): Promise<PreparedMigration> => {
    const dry = mode === 'dry';
    const body = await text(revision);
    const checksum = checksumOf(body);
    const base = { revision, direction, text: body, checksum };
    if (revision.format === 'sql') {
      const cacheKey = `${checksum}:${direction}:${revision.transactional ? 't' : 'n'}`;
      const hit = mode === 'trees' ? undefined : cache?.units(cacheKey);
      if (hit) {
        return {
          ...base,
          data: false,
          statements: hit.units.flatMap((u) => u.statements),
          units: hit.units,
          strayIgnores: hit.strayIgnores,
          cacheKey,
        };
      }
      await loadParser();
      const sections = readSqlMigrationBody(body, revision.file);
      const parsed = parseSql(direction === 'up' ? sections.upgrade : sections.downgrade, {
        file: revision.file,
        lineOffset: (direction === 'up' ? sections.upgradeLine : sections.downgradeLine) - 1,
      });
      const prepared = finish(base, parsed.statements, parsed.strayIgnores, revision.transactional);
      cache?.setUnits(cacheKey, prepared.units, prepared.strayIgnores);
      return { ...prepared, cacheKey };
    }
    await loadParser();
    const definition = await source.definition(revision);
    const fn = direction === 'up' ? definition.upgrade : definition.downgrade;
    const data = QUERY_CALL.test(
      revision.absolutePath.startsWith('bundled:') ? fn.toString() : body,
    );
    if (data && !dry) {
      return { ...base, data: true, statements: [], units: [], strayIgnores: [], definition };
    }
    const dryQueries: Statement[] = [];
    const recorder = createOpRecorder({
      file: revision.file,
      revision: revision.id,
      splitSql: (sql) => parseSql(sql, { file: revision.file, strict: true }).statements,
      query: async (pending, sql) => {
        if (!dry) {
          throw new RunnerUsageError(
            'DATA_MIGRATION_UNDETECTED',
            `${revision.file} called op.query, but retort found no \`.query(\` call in its source, so it was not run as a data migration.`,
            'Call it as `op.query(...)` (not through an alias) so retort runs the migration live.',
          );
        }
        dryQueries.push(...pending, {
          sql,
          transactional: true,
          source: { file: revision.file, op: 'query' },
        });
        return [];
      },
    } satisfies OpRecorderOptions);
    try {
      await fn(recorder.op);
    } catch (error) {
      // RetortErrors (an op misused, op.query offline) already say what and where.
      if (isRetortError(error)) throw error;
      throw new MigrationCodeError(
        direction,
        revision.id,
        revision.file,
        revision.absolutePath,
        error,
      );
    }
    const statements = parseRendered([...dryQueries, ...recorder.take()]);
    return finish(
      base,
      statements,
      [],
      revision.transactional && definition.transactional !== false,
      definition,
    );
  };
  const get = (revision: RevisionFile, direction: 'up' | 'down', mode: 'run' | 'dry' | 'trees') => {
    const key = `${mode}:${direction}:${revision.id}`;
    let p = prepared.get(key);
    if (p === undefined) {
      p = build(revision, direction, mode);
      prepared.set(key, p);
    }
    return p;
  };
  return {
    source,
    text,
    checksum: async (revision) => checksumOf(await text(revision)),
    prepare: (revision, direction) => get(revision, direction, 'run'),
    prepareDry: (revision, direction) => get(revision, direction, 'dry'),
    async withTrees(revision, direction) {
      const m = await get(revision, direction, 'run');
      if (m.statements.every((st) => st.ast !== undefined)) return m;
      return get(revision, direction, 'trees');
    },
    cache,
  };
}

function finish(
  base: Pick<PreparedMigration, 'revision' | 'direction' | 'text' | 'checksum'>,
  parsed: readonly Statement[],
  strayIgnores: PreparedMigration['strayIgnores'],
  transactional: boolean,
  definition?: MigrationDefinition,
): PreparedMigration {
  const statements = transactional ? parsed : parsed.map((s) => ({ ...s, transactional: false }));
  const units = groupUnits(statements);
  return {
    ...base,
    data: false,
    statements,
    units,
    strayIgnores,
    ...(definition ? { definition } : {}),
  };
}
