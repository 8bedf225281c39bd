import { createHash } from 'node:crypto';
import { isRetortError } from '../core/errors.js';
import type { MigrationDefinition } from '../core/migration.js';
import { createOpRecorder, type OpRecorderOptions } from '../core/ops/op-recorder.js';
import { CHECKSUM_ALGORITHM, normaliseForChecksum } from '../core/runner/checksum.js';
import { createUnitGrouper, groupUnits, unitStatements, type Unit } from '../core/runner/units.js';
import type { Statement } from '../core/sql/statement.js';
import { loadParser } from '../parser/parse-sql.js';
import { forEachSqlStatement, parseRendered, parseSql } from '../parser/sql-statements.js';
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
  /**
   * Every statement, in order; equal to the concatenation of `units`. A SQL revision's come
   * without parse trees (a data migration's trees would not fit in memory; `withTrees` visits
   * them), a TypeScript revision's with them.
   */
  readonly statements: readonly Statement[];
  /** Where commits happen (see `groupUnits`). */
  readonly units: readonly Unit[];
  /** `-- retort-ignore` comments above no statement (SQL files), for the linter. */
  readonly strayIgnores: readonly { line: number; text: string }[];
  /** A TypeScript revision's definition (data migrations run it later). */
  readonly definition?: MigrationDefinition;
  /** Set on a SQL revision: its key in the prepared cache (checksum and direction). */
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
  /**
   * Visits the prepared migration's statements with their parse trees, in order — the very
   * statements of its `units`, each unit's first statement marked `commitBefore` as
   * `unitStatements` marks it — and returns it. A SQL revision is parsed once by this call when
   * it was not prepared yet (then prepared by it), again otherwise; each tree is dropped after
   * its visit. `dry`: a data migration is recorded as `prepareDry` does (else it is returned,
   * `data`, with nothing visited).
   */
  withTrees(
    revision: RevisionFile,
    direction: 'up' | 'down',
    visit: (statement: Statement) => void,
    options?: { dry?: boolean },
  ): Promise<PreparedMigration>;
  /** A SQL revision's key in the prepared cache (undefined without a cache, or for TypeScript). */
  cacheKey(revision: RevisionFile, direction: 'up' | 'down'): Promise<string | undefined>;
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
  const keyOf = (revision: RevisionFile, direction: 'up' | 'down', checksum: string): string =>
    `${checksum}:${direction}:${revision.transactional ? 't' : 'n'}`;
  const checksums = new Map<string, Promise<string>>();
  const checksum = (revision: RevisionFile): Promise<string> => {
    let c = checksums.get(revision.id);
    if (c === undefined) {
      c = text(revision).then(checksumOf);
      checksums.set(revision.id, c);
    }
    return c;
  };
  const build = async (
    revision: RevisionFile,
    direction: 'up' | 'down',
    mode: 'run' | 'dry',
    visit?: (statement: Statement) => void,
  ): Promise<PreparedMigration> => {
    const dry = mode === 'dry';
    const body = await text(revision);
    const base = { revision, direction, text: body, checksum: await checksum(revision) };
    if (revision.format === 'sql') {
      const cacheKey = keyOf(revision, direction, base.checksum);
      // A visitor needs the trees, which the cache does not hold.
      const hit = visit === undefined ? cache?.units(cacheKey) : undefined;
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
      // Statement by statement: each is grouped into its unit and kept without its tree, the
      // tree handed to the visitor (the linter) and dropped.
      const grouper = createUnitGrouper();
      const { strayIgnores } = forEachSqlStatement(
        direction === 'up' ? sections.upgrade : sections.downgrade,
        {
          file: revision.file,
          lineOffset: (direction === 'up' ? sections.upgradeLine : sections.downgradeLine) - 1,
        },
        (parsed) => {
          const statement = revision.transactional ? parsed : { ...parsed, transactional: false };
          const { ast: _tree, ...kept } = statement;
          const commitBefore = grouper.add(statement, kept);
          visit?.(
            commitBefore === (statement.commitBefore === true)
              ? statement
              : { ...statement, commitBefore },
          );
        },
      );
      const units = grouper.units();
      if (!cache?.has(cacheKey)) cache?.setUnits(cacheKey, units, strayIgnores);
      return {
        ...base,
        data: false,
        statements: units.flatMap((u) => u.statements),
        units,
        strayIgnores,
        cacheKey,
      };
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
  const get = (revision: RevisionFile, direction: 'up' | 'down', mode: 'run' | 'dry') => {
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
    checksum,
    prepare: (revision, direction) => get(revision, direction, 'run'),
    prepareDry: (revision, direction) => get(revision, direction, 'dry'),
    async withTrees(revision, direction, visit, options = {}) {
      if (revision.format === 'sql') {
        const key = `run:${direction}:${revision.id}`;
        const known = prepared.get(key);
        if (known !== undefined) {
          // Prepared already (its trees dropped): parse again for the visitor.
          await build(revision, direction, 'run', visit);
          return known;
        }
        const p = build(revision, direction, 'run', visit);
        prepared.set(key, p);
        return p;
      }
      let m = await get(revision, direction, 'run');
      if (m.data) {
        if (options.dry !== true) return m;
        m = await get(revision, direction, 'dry');
      }
      for (const statement of unitStatements(m.units)) visit(statement);
      return m;
    },
    async cacheKey(revision, direction) {
      if (cache === undefined || revision.format !== 'sql') return undefined;
      return keyOf(revision, direction, await checksum(revision));
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
