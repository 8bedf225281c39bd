import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../core/lint/diagnostic.js';
import type { Unit } from '../core/runner/units.js';
import type { Statement } from '../core/sql/statement.js';
import { VERSION } from '../version.js';

/**
 * What one run learnt about a SQL revision's text, kept for the next run in
 * `<root>/.retort/cache/prepared.json`, keyed by the text's checksum and the direction: its units
 * (statements without parse trees) and the lint gate's verdicts, each keyed by the lint config
 * and the facts carried in from earlier revisions. Written by this retort version only (another
 * version starts empty), so an unchanged pending migration is neither re-parsed nor re-linted.
 * The units of a migration of more than {@link MAX_CACHED_STATEMENTS} statements (a data
 * migration) are not kept, only its statement count and verdicts: reading them back would cost
 * about what parsing does, and every run reads the whole file. Safe to delete.
 */
export interface PreparedCache {
  /** True when `key` has an entry (its units, or only its statement count when it is large). */
  has(key: string): boolean;
  /** The number of statements of `key`'s units. */
  statementCount(key: string): number | undefined;
  units(key: string): { units: Unit[]; strayIgnores: { line: number; text: string }[] } | undefined;
  setUnits(
    key: string,
    units: readonly Unit[],
    strayIgnores: readonly { line: number; text: string }[],
  ): void;
  verdict(key: string, lintKey: string): CachedVerdict | undefined;
  setVerdict(key: string, lintKey: string, verdict: CachedVerdict): void;
  /** Writes the file when something changed; entries not used by this run are kept (up to a bound). */
  save(): void;
}

/** The lint gate's findings on one migration and the facts it added to the session. */
export interface CachedVerdict {
  readonly diagnostics: readonly Diagnostic[];
  readonly notNullChecks: readonly (readonly [string, string])[];
  readonly provenNotNull: readonly string[];
}

interface Entry {
  /** Statements in the units. */
  n: number;
  /** Absent for a migration of more than MAX_CACHED_STATEMENTS statements. */
  u?: { t: boolean; c: boolean; s: Statement[] }[];
  x: { line: number; text: string }[];
  l?: Record<string, CachedVerdict>;
}

interface CacheFile {
  v: number;
  tool: string;
  entries: Record<string, Entry>;
}

const FORMAT = 2;
const MAX_ENTRIES = 20_000;
/** Migrations with more statements keep only their count and verdicts in the cache. */
export const MAX_CACHED_STATEMENTS = 10_000;

export function preparedCachePath(rootDir: string): string {
  return join(rootDir, '.retort', 'cache', 'prepared.json');
}

/** Opens the cache of a project (never throws: a missing or broken cache is an empty one). */
export function openPreparedCache(rootDir: string): PreparedCache {
  const path = preparedCachePath(rootDir);
  let entries: Record<string, Entry> = {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (parsed.v === FORMAT && parsed.tool === VERSION && typeof parsed.entries === 'object')
      entries = parsed.entries;
  } catch {
    // No cache yet.
  }
  let dirty = false;
  const strip = (s: Statement): Statement => {
    const { ast: _ast, ...rest } = s;
    return rest;
  };
  return {
    has: (key) => entries[key] !== undefined,
    statementCount: (key) => entries[key]?.n,
    units(key) {
      const e = entries[key];
      if (e?.u === undefined) return undefined;
      return {
        units: e.u.map((u) => ({ transactional: u.t, commitBefore: u.c, statements: u.s })),
        strayIgnores: e.x,
      };
    },
    setUnits(key, units, strayIgnores) {
      let n = 0;
      for (const u of units) n += u.statements.length;
      entries[key] = {
        n,
        ...(n > MAX_CACHED_STATEMENTS
          ? {}
          : {
              u: units.map((u) => ({
                t: u.transactional,
                c: u.commitBefore,
                s: u.statements.map(strip),
              })),
            }),
        x: [...strayIgnores],
        ...(entries[key]?.l ? { l: entries[key].l } : {}),
      };
      dirty = true;
    },
    verdict: (key, lintKey) => entries[key]?.l?.[lintKey],
    setVerdict(key, lintKey, verdict) {
      const e = entries[key];
      if (e === undefined) return;
      e.l = { ...e.l, [lintKey]: verdict };
      dirty = true;
    },
    save() {
      if (!dirty) return;
      const keys = Object.keys(entries);
      if (keys.length > MAX_ENTRIES) {
        for (const k of keys.slice(0, keys.length - MAX_ENTRIES)) delete entries[k];
      }
      try {
        mkdirSync(join(rootDir, '.retort', 'cache'), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(
          tmp,
          JSON.stringify({ v: FORMAT, tool: VERSION, entries } satisfies CacheFile),
        );
        renameSync(tmp, path);
        dirty = false;
      } catch {
        // A read-only project still migrates; it only re-parses next time.
      }
    },
  };
}
