import {
  bigint,
  date,
  defineSchema,
  index,
  partitionBy,
  partitionOf,
  primaryKey,
  sql,
  table,
  text,
  unique,
} from '../../src/index.js';

/*
 * Declarative partitioning (issue 14a): range, list and hash partitioned tables, a default
 * partition, a sub-partitioned partition, a table that becomes a partition. Shared by the PGlite
 * and PostgreSQL test files (test/schema/partitions.*.test.ts).
 */

type Declaration = ReturnType<typeof defineSchema>;

function tables(version: 1 | 2) {
  const orgs = table('orgs', { id: bigint().primaryKey() });
  const events = table(
    'events',
    {
      id: bigint().notNull(),
      at: date().notNull(),
      region: text().notNull(),
      orgId: bigint().references(() => orgs.columns.id),
    },
    (t) => [
      primaryKey(t.id, t.at, t.region),
      index('events_region').on(t.region),
      // v2: an index on an existing partitioned table (no CONCURRENTLY there).
      ...(version === 1
        ? []
        : [index('events_org').on(t.orgId), unique('events_key').on(t.region, t.id, t.at)]),
      partitionBy('range', t.at),
    ],
    { comment: 'partitioned by day' },
  );
  const shards = table('shards', { id: bigint().notNull(), key: text().notNull() }, (t) =>
    version === 1 ? [partitionBy('hash', t.id, sql`lower(key)`)] : [partitionBy('list', t.key)],
  );
  // v1: a table of its own; v2: attached to events.
  const archive = table('events_2023', {
    id: bigint().notNull(),
    at: date().notNull(),
    region: text().notNull(),
    orgId: bigint().references(() => orgs.columns.id),
  });
  return { orgs, events, shards, archive };
}

/** Version 1 and 2 of a partitioned schema: v2 adds, drops, rebounds, attaches and re-keys. */
export function partitionedSchema(version: 1 | 2): Declaration {
  const { orgs, events, shards, archive } = tables(version);
  const y2024 = partitionOf(
    events,
    'events_2024',
    version === 1
      ? { from: '2024-01-01', to: '2025-01-01' }
      : { from: '2024-01-01', to: '2024-12-01' },
    version === 1 ? {} : { comment: 'this year' },
  );
  const y2025 = partitionOf(
    events,
    'events_2025',
    { from: '2025-01-01', to: sql`MAXVALUE` },
    { partitionBy: partitionBy('list', events.columns.region) },
  );
  const eu = partitionOf(y2025, 'events_2025_eu', { in: ['eu', 'uk'] });
  const rest = partitionOf(y2025, 'events_2025_rest', 'default');
  const other = partitionOf(events, 'events_other', 'default');
  const shard0 =
    version === 1
      ? partitionOf(shards, 'shards_0', { modulus: 2, remainder: 0 })
      : partitionOf(shards, 'shards_0', { in: ['a', 'b'] });
  const old2023 = partitionOf(events, 'events_2023', { from: '2023-01-01', to: '2024-01-01' });
  return defineSchema({
    tables: version === 1 ? [orgs, events, shards, archive] : [orgs, events, shards],
    partitions:
      version === 1
        ? [y2024, y2025, eu, rest, other, shard0]
        : [y2024, y2025, eu, rest, shard0, old2023],
  });
}

/** Rows that fit both versions (events_2024 keeps March; the default partition is empty). */
export const partitionSeed = `INSERT INTO orgs VALUES (1);
INSERT INTO events VALUES (1, '2024-03-01', 'eu', 1), (2, '2025-06-01', 'eu', 1), (3, '2025-06-01', 'us', NULL);
INSERT INTO events_2023 VALUES (4, '2023-05-01', 'eu', 1);`;

/** The same kinds written by hand, for pull → check. */
export const partitionSql = `
CREATE TABLE ev (id bigint, at timestamp NOT NULL, region text, PRIMARY KEY (id, at, region)) PARTITION BY RANGE (at);
CREATE INDEX ev_region ON ev (region);
CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE ev_def PARTITION OF ev DEFAULT;
CREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO (MAXVALUE) PARTITION BY LIST (region);
CREATE TABLE ev_2025_eu PARTITION OF ev_2025 FOR VALUES IN ('eu', 'uk');
COMMENT ON TABLE ev_2025_eu IS 'Europe';
CREATE TABLE tz (at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE tz_2024 PARTITION OF tz FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE coll (name text NOT NULL) PARTITION BY LIST (name COLLATE "C");
CREATE TABLE coll_a PARTITION OF coll FOR VALUES IN ('a');
CREATE SCHEMA archive;
CREATE TABLE archive.ev_2023 PARTITION OF ev FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE "Hashed" (id int, k text) PARTITION BY HASH (id, lower(k));
CREATE TABLE "Hashed_0" PARTITION OF "Hashed" FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE "Hashed_1" PARTITION OF "Hashed" FOR VALUES WITH (MODULUS 2, REMAINDER 1);
`;
