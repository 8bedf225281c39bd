import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The revision metadata cache: `<root>/.retort/cache/revision-metadata.json`, one entry per file
 * name with the file's size and mtime. An entry is used only when both still match the file on
 * disk; anything else (a missing, corrupt or foreign cache) means reading the files again. Safe to
 * delete at any time.
 */

/** What the cache remembers of one revision file. */
export interface CachedMetadata {
  id: string;
  revises: string[];
  dependsOn: string[];
  branchLabels: string[];
  message: string;
  transactional: boolean;
  createdAt?: string;
}

export interface RevisionCache {
  /** The cached metadata when the file's size and mtime still match, else undefined. */
  get(name: string, absolutePath: string): CachedMetadata | undefined;
  /** Records freshly read metadata for the file last passed to `get`. */
  set(name: string, meta: CachedMetadata): void;
  /** Drops entries for files no longer present and writes the cache if anything changed. */
  save(names: readonly string[]): void;
}

const VERSION = 2;
/**
 * Parallel arrays rather than one object per file: this parses about twice as fast and makes less
 * garbage, which matters with 10,000 revisions on a cold start.
 */
interface CacheFile {
  v: number;
  dir: string;
  names: string[];
  sizes: number[];
  mtimes: number[];
  /** Per file: id, revises, dependsOn, branchLabels (space-joined), message, transactional (1/0), createdAt. */
  meta: (string | number)[][];
}
type Entry = { size: number; mtimeMs: number; meta: CachedMetadata | (string | number)[] };

const split = (value: string | number | undefined): string[] =>
  typeof value === 'string' && value.length > 0 ? value.split(' ') : [];

function decode(row: CachedMetadata | (string | number)[]): CachedMetadata {
  if (!Array.isArray(row)) return row;
  const createdAt = row[6];
  return {
    id: String(row[0]),
    revises: split(row[1]),
    dependsOn: split(row[2]),
    branchLabels: split(row[3]),
    message: String(row[4]),
    transactional: row[5] === 1,
    ...(typeof createdAt === 'string' ? { createdAt } : {}),
  };
}

function encode(meta: CachedMetadata): (string | number)[] {
  const row: (string | number)[] = [
    meta.id,
    meta.revises.join(' '),
    meta.dependsOn.join(' '),
    meta.branchLabels.join(' '),
    meta.message,
    meta.transactional ? 1 : 0,
  ];
  if (meta.createdAt !== undefined) row.push(meta.createdAt);
  return row;
}

/** Ids and labels with spaces cannot round-trip through the space-joined cache rows. */
const cacheable = (meta: CachedMetadata): boolean =>
  ![meta.id, ...meta.revises, ...meta.dependsOn, ...meta.branchLabels].some(
    (v) => v.includes(' ') || v === '',
  );

export function cacheFilePath(rootDir: string): string {
  return join(rootDir, '.retort', 'cache', 'revision-metadata.json');
}

/** Opens the cache for one migrations directory (never throws: a broken cache is an empty one). */
export function openRevisionCache(rootDir: string, migrationsDir: string): RevisionCache {
  const path = cacheFilePath(rootDir);
  const entries = new Map<string, Entry>();
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (parsed.v === VERSION && parsed.dir === migrationsDir) {
      const { names, sizes, mtimes, meta } = parsed;
      for (let i = 0; i < names.length; i++) {
        entries.set(names[i]!, { size: sizes[i]!, mtimeMs: mtimes[i]!, meta: meta[i]! });
      }
    }
  } catch {
    // No cache yet, or an unreadable one: start empty.
  }
  let dirty = false;
  let lastStat: { name: string; size: number; mtimeMs: number } | undefined;
  return {
    get(name, absolutePath) {
      const stat = statSync(absolutePath, { throwIfNoEntry: false });
      if (!stat) return undefined;
      lastStat = { name, size: stat.size, mtimeMs: stat.mtimeMs };
      const entry = entries.get(name);
      if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs)
        return decode(entry.meta);
      return undefined;
    },
    set(name, meta) {
      if (lastStat?.name !== name) return;
      if (cacheable(meta))
        entries.set(name, { size: lastStat.size, mtimeMs: lastStat.mtimeMs, meta });
      else entries.delete(name);
      dirty = true;
    },
    save(names) {
      if (entries.size !== names.length) {
        const keep = new Set(names);
        for (const name of entries.keys()) {
          if (!keep.has(name)) {
            entries.delete(name);
            dirty = true;
          }
        }
      }
      if (!dirty) return;
      const file: CacheFile = {
        v: VERSION,
        dir: migrationsDir,
        names: [],
        sizes: [],
        mtimes: [],
        meta: [],
      };
      for (const [name, entry] of entries) {
        file.names.push(name);
        file.sizes.push(entry.size);
        file.mtimes.push(entry.mtimeMs);
        file.meta.push(Array.isArray(entry.meta) ? entry.meta : encode(entry.meta));
      }
      try {
        mkdirSync(join(rootDir, '.retort', 'cache'), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(file));
        renameSync(tmp, path);
      } catch {
        // A read-only checkout still works, just without the cache.
      }
    },
  };
}
