import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import type { SchemaModel } from '../../src/core/model/schema-model.js';
import { partitionedTableKeys } from '../../src/core/model/partitions.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectDatabase, introspectUnmanaged } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { openScratchDatabase } from '../../src/database/scratch-database.js';
import {
  bigint,
  date,
  defineSchema,
  partitionBy,
  partitionOf,
  sql,
  table,
  type PartitionBound,
} from '../../src/index.js';
import { renderOperation } from '../../src/core/sql/render-operation.js';
import { utcBound } from '../../src/core/introspection/partition-queries.js';
import { expectText } from '../support/generated-text.js';
import { planToSql } from '../../src/core/codegen/changes-to-sql.js';
import { planChanges } from '../../src/core/codegen/plan.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { lintSql } from '../lint/lint-sql.js';
import { partitionedSchema, partitionSeed, partitionSql } from './partitions-cases.js';
import { alterCycle, createAndDrop, expectPullRoundTrips } from './table-options-cases.js';

describe.sequential('declarative partitioning on PGlite', () => {
  let db: DatabaseClient;
  let v1: SchemaModel;
  let v2: SchemaModel;
  beforeAll(async () => {
    db = await openScratchDatabase();
    v1 = await normaliseModel(declarationToModel(partitionedSchema(1)));
    v2 = await normaliseModel(declarationToModel(partitionedSchema(2)));
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  });

  it('reads partitions once, with their bounds, and the parent’s keys and indexes once', () => {
    const events = v1.tables.find((t) => t.name === 'events')!;
    expect(events.partitionBy).toBe('RANGE (at)');
    expect(events.indexes.map((i) => i.name)).toEqual(['events_region']);
    expect(v1.tables.map((t) => t.name)).toEqual(['events', 'events_2023', 'orgs', 'shards']);
    expect(v1.partitions.map((p) => [p.name, p.bound, p.partitionBy])).toEqual([
      ['events_2024', "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", undefined],
      ['events_2025', "FOR VALUES FROM ('2025-01-01') TO (MAXVALUE)", 'LIST (region)'],
      ['events_2025_eu', "FOR VALUES IN ('eu', 'uk')", undefined],
      ['events_2025_rest', 'DEFAULT', undefined],
      ['events_other', 'DEFAULT', undefined],
      ['shards_0', 'FOR VALUES WITH (modulus 2, remainder 0)', undefined],
    ]);
  });

  it('declares, autogenerates, applies and drops every kind', async () => {
    const code = await createAndDrop(db, v1, { pull: false });
    expectText(code).toContain('partitionBy: sql`RANGE (at)`');
    expectText(code).toContain(
      "op.createPartition('events_2025_eu', 'events_2025', sql`FOR VALUES IN ('eu', 'uk')`);",
    );
    expectText(code).toContain("op.createPartition('events_other', 'events', 'default');");
  });

  it('adds, drops, rebounds, attaches and re-keys, and the downgrade returns the catalog', async () => {
    const partitioned = partitionedTableKeys(v1, v2);
    const code = await alterCycle(db, v1, { ...v2, partitioned } as SchemaModel, partitionSeed);
    expectText(code).toContain(
      "op.detachPartition('events', 'events_2024', { bound: sql`FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')` });",
    );
    expectText(code).toContain(
      "op.attachPartition('events', 'events_2024', sql`FOR VALUES FROM ('2024-01-01') TO ('2024-12-01')`);",
    );
    // A table that becomes a partition is dropped and created (destructive, said so).
    expectText(code).toContain("op.dropTable('events_2023');");
    expectText(code).toContain(
      "op.createPartition('events_2023', 'events', sql`FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')`);",
    );
    expectText(code).toContain("op.dropTable('events_other');");
    expectText(code).toContain("op.dropTable('shards');");
    expectText(code).toContain(
      "op.createIndex('events_org', 'events', ['orgId'], { lintIgnore: [{ rule: 'require-concurrent-index-creation', reason: 'events is partitioned: the index cannot be built CONCURRENTLY on it",
    );
    // What autogenerate writes passes the default lint gate (warnings only).
    expectText(code).toContain(
      "op.createUniqueConstraint('events_key', 'events', ['region', 'id', 'at'], { lintIgnore: [{ rule: 'disallowed-unique-constraint'",
    );
    const sql = planToSql(planChanges(diffSchemas(v1, v2), { enums: [], partitioned }));
    const findings = await lintSql(sql);
    expect(findings.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('pulls raw SQL and checks clean; nothing of it is unmanaged', async () => {
    await db.exec(partitionSql);
    const live = await introspectDatabase(db);
    const source = await expectPullRoundTrips(live);
    expectText(source).toContain("partitionBy('range', t.at)");
    expectText(source).toContain(
      "partitionOf(ev, 'ev_2023', sql`FOR VALUES FROM ('2023-01-01 00:00:00') TO ('2024-01-01 00:00:00')`, { schema: 'archive' })",
    );
    expectText(source).toContain('partitionBy(sql`HASH (id, lower(k))`)');
    expectText(source).toContain('partitionBy(sql`LIST (name COLLATE "C")`)');
    expectText(source).toContain(
      "partitionOf(ev, 'ev_2025', sql`FOR VALUES FROM ('2025-01-01 00:00:00') TO (MAXVALUE)`, { partitionBy: partitionBy('list', ev.columns.region) })",
    );
    expect(await introspectUnmanaged(db, { schemas: ['public', 'archive'] })).toEqual([]);
    await db.exec('CREATE INDEX ev_2024_local ON ev_2024 (id)');
    expect(await introspectUnmanaged(db, { schemas: ['public', 'archive'] })).toEqual([
      { kind: 'partition index', schema: 'public', name: 'ev_2024_local on ev_2024' },
    ]);
  });

  it('reads timestamptz bounds as UTC instants', () => {
    expect(
      utcBound("FOR VALUES FROM ('2023-12-31 19:00:00-05') TO ('2024-06-30 20:00:00.5-04')"),
    ).toBe("FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-07-01 00:00:00.5+00')");
    expect(utcBound("FOR VALUES FROM ('1883-11-18 12:03:58-04:56:02') TO (MAXVALUE)")).toBe(
      "FOR VALUES FROM ('1883-11-18 17:00:00+00') TO (MAXVALUE)",
    );
    expect(utcBound("FOR VALUES IN ('2024-01-01 00:00:00')")).toBe(
      "FOR VALUES IN ('2024-01-01 00:00:00')",
    );
  });

  it('renders every kind of bound, and refuses a bad one clearly', () => {
    const render = (bound: PartitionBound): string =>
      renderOperation({ kind: 'CreatePartition', name: 'p', parent: 't', bound })[0]!.sql;
    expect(render({ from: [1, sql`MINVALUE`], to: [10, sql`MAXVALUE`] })).toBe(
      'CREATE TABLE "p" PARTITION OF "t" FOR VALUES FROM (1, MINVALUE) TO (10, MAXVALUE)',
    );
    expect(render({ in: ["it's", null] })).toBe(
      `CREATE TABLE "p" PARTITION OF "t" FOR VALUES IN ('it''s', NULL)`,
    );
    expect(render({ modulus: 4, remainder: 3 })).toBe(
      'CREATE TABLE "p" PARTITION OF "t" FOR VALUES WITH (MODULUS 4, REMAINDER 3)',
    );
    expect(() => render({ modulus: 0, remainder: 0 })).toThrow(
      'a hash partition needs integers modulus ≥ 1 and remainder ≥ 0, got 0 and 0',
    );
    expect(() => render({ in: [] })).toThrow("the partition bound's list is empty");
    expect(
      renderOperation({
        kind: 'DetachPartition',
        table: 't',
        partition: 'p',
        schema: 'a',
        partitionSchema: 'b',
        concurrently: true,
      }),
    ).toMatchObject([
      {
        sql: 'ALTER TABLE "a"."t" DETACH PARTITION "b"."p" CONCURRENTLY',
        transactional: false,
      },
    ]);
  });

  it('refuses a primary key without the partition key, clearly', () => {
    const bad = table('bad', { id: bigint().primaryKey(), at: date() }, (t) => [
      partitionBy('range', t.at),
    ]);
    expect(() => declarationToModel(defineSchema({ tables: [bad] }))).toThrow(
      'The primary key of partitioned table bad lacks partition key column at.',
    );
    expect(() =>
      declarationToModel(
        defineSchema({ tables: [], partitions: [partitionOf(bad, 'b1', 'default')] }),
      ),
    ).toThrow('Partition b1 belongs to bad, which is not declared.');
  });
});
