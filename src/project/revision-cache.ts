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
  /**
   * The directory's revision file names (sorted) as last listed, when the directory has not
   * changed since (same mtime): saves listing 10,000 names. Undefined means "list it".
   */
  listing(): string[] | undefined;
  /** Drops entries for files no longer present and writes the cache if anything changed. */
  save(names: readonly string[]): void;
}

const VERSION = 3;
/**
 * One array per field (columns) rather than one object per file: with 10,000 revisions this
 * parses several times faster and makes far less garbage, which a cold start feels. Files are in
 * name order, so a directory listing (also sorted) meets its entries in step, without a lookup.
 */
interface CacheFile {
  v: number;
  dir: string;
  names: string[];
  sizes: number[];
  mtimes: number[];
  ids: string[];
  /** Space-joined (ids and labels cannot contain spaces; others are never cached). */
  revises: string[];
  dependsOn: string[];
  branchLabels: string[];
  messages: string[];
  /** 1 transactional, 0 not. */
  transactional: number[];
  /** '' when the file has no creation date. */
  createdAt: string[];
  /** Every revision file name of the directory, when its mtime was old enough to trust. */
  listing?: { mtimeMs: number; names: string[] } | undefined;
}

/** Shared by every entry without dependencies or labels (most of them): less garbage. */
const NONE: string[] = [];
Object.freeze(NONE);

/**
 * File timestamps are coarse (a kernel tick on Linux, seconds on some file systems): a file
 * rewritten within the same tick keeps its mtime. Entries younger than this are therefore not
 * cached, so a same-size rewrite can never hide behind an unchanged mtime (git's "racy" rule).
 */
const RACY_MS = 2000;

const split = (value: string | undefined): string[] =>
  value === undefined || value.length === 0
    ? NONE
    : value.includes(' ')
      ? value.split(' ')
      : [value];

/** Ids and labels with spaces cannot round-trip through the space-joined columns. */
const cacheable = (meta: CachedMetadata): boolean =>
  ![meta.id, ...meta.revises, ...meta.dependsOn, ...meta.branchLabels].some(
    (v) => v.includes(' ') || v === '',
  );

export function cacheFilePath(rootDir: string): string {
  return join(rootDir, '.retort', 'cache', 'revision-metadata.json');
}

function isCacheFile(value: unknown, migrationsDir: string): value is CacheFile {
  const c = value as CacheFile | null;
  if (c === null || typeof c !== 'object' || c.v !== VERSION || c.dir !== migrationsDir)
    return false;
  const n = Array.isArray(c.names) ? c.names.length : -1;
  return [
    c.sizes,
    c.mtimes,
    c.ids,
    c.revises,
    c.dependsOn,
    c.branchLabels,
    c.messages,
    c.transactional,
    c.createdAt,
  ].every((column) => Array.isArray(column) && column.length === n);
}

/** Opens the cache for one migrations directory (never throws: a broken cache is an empty one). */
export function openRevisionCache(rootDir: string, migrationsDir: string): RevisionCache {
  const path = cacheFilePath(rootDir);
  let cached: CacheFile | undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isCacheFile(parsed, migrationsDir)) cached = parsed;
  } catch {
    // No cache yet, or an unreadable one: start empty.
  }
  let index: Map<string, number> | undefined;
  /** Position of `name` in the cached columns; `hint` is tried first (both lists are sorted). */
  const find = (name: string, hint: number): number => {
    if (cached === undefined) return -1;
    if (cached.names[hint] === name) return hint;
    if (index === undefined) index = new Map(cached.names.map((n, i) => [n, i]));
    return index.get(name) ?? -1;
  };
  /** What to write back: fresh entries, and cached ones still valid, by name. */
  const fresh = new Map<string, { size: number; mtimeMs: number; meta: CachedMetadata }>();
  const kept = new Set<number>();
  let dirty = false;
  let lastStat: { name: string; size: number; mtimeMs: number } | undefined;
  let position = 0;
  // Taken before the directory is listed, so a file added meanwhile makes the next mtime differ.
  const dirMtimeMs = statSync(migrationsDir, { throwIfNoEntry: false })?.mtimeMs;
  let listingUsed = false;
  return {
    listing() {
      const listing = cached?.listing;
      if (
        dirMtimeMs === undefined ||
        listing?.mtimeMs !== dirMtimeMs ||
        !Array.isArray(listing.names)
      ) {
        return undefined;
      }
      listingUsed = true;
      return listing.names;
    },
    get(name, absolutePath) {
      const hint = position++;
      const stat = statSync(absolutePath, { throwIfNoEntry: false });
      if (!stat) return undefined;
      lastStat = { name, size: stat.size, mtimeMs: stat.mtimeMs };
      const i = find(name, hint);
      if (i < 0 || cached === undefined) return undefined;
      if (cached.sizes[i] !== stat.size || cached.mtimes[i] !== stat.mtimeMs) return undefined;
      kept.add(i);
      const createdAt = cached.createdAt[i];
      return {
        id: cached.ids[i]!,
        revises: split(cached.revises[i]),
        dependsOn: split(cached.dependsOn[i]),
        branchLabels: split(cached.branchLabels[i]),
        message: cached.messages[i]!,
        transactional: cached.transactional[i] === 1,
        // Always present (maybe undefined): one object shape for every entry.
        createdAt: createdAt === '' ? undefined : createdAt,
      };
    },
    set(name, meta) {
      if (lastStat?.name !== name) return;
      dirty = true;
      if (cacheable(meta) && Date.now() - lastStat.mtimeMs > RACY_MS) {
        fresh.set(name, { size: lastStat.size, mtimeMs: lastStat.mtimeMs, meta });
      }
    },
    save(names) {
      const trustDir = dirMtimeMs !== undefined && Date.now() - dirMtimeMs > RACY_MS;
      const listingCurrent = listingUsed || !trustDir;
      if (
        !dirty &&
        listingCurrent &&
        kept.size === (cached?.names.length ?? 0) &&
        kept.size === names.length
      ) {
        return;
      }
      const file: CacheFile = {
        v: VERSION,
        dir: migrationsDir,
        names: [],
        sizes: [],
        mtimes: [],
        ids: [],
        revises: [],
        dependsOn: [],
        branchLabels: [],
        messages: [],
        transactional: [],
        createdAt: [],
        listing: trustDir ? { mtimeMs: dirMtimeMs, names: [...names] } : undefined,
      };
      const push = (name: string, size: number, mtimeMs: number, meta: CachedMetadata): void => {
        file.names.push(name);
        file.sizes.push(size);
        file.mtimes.push(mtimeMs);
        file.ids.push(meta.id);
        file.revises.push(meta.revises.join(' '));
        file.dependsOn.push(meta.dependsOn.join(' '));
        file.branchLabels.push(meta.branchLabels.join(' '));
        file.messages.push(meta.message);
        file.transactional.push(meta.transactional ? 1 : 0);
        file.createdAt.push(meta.createdAt ?? '');
      };
      for (const name of names) {
        const entry = fresh.get(name);
        if (entry) {
          push(name, entry.size, entry.mtimeMs, entry.meta);
          continue;
        }
        const i = cached === undefined ? -1 : find(name, -1);
        if (i >= 0 && cached !== undefined && kept.has(i)) {
          file.names.push(name);
          file.sizes.push(cached.sizes[i]!);
          file.mtimes.push(cached.mtimes[i]!);
          file.ids.push(cached.ids[i]!);
          file.revises.push(cached.revises[i]!);
          file.dependsOn.push(cached.dependsOn[i]!);
          file.branchLabels.push(cached.branchLabels[i]!);
          file.messages.push(cached.messages[i]!);
          file.transactional.push(cached.transactional[i]!);
          file.createdAt.push(cached.createdAt[i]!);
        }
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
