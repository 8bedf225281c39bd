import { describe, expect, it } from 'vitest';
import { describeChange } from '../../src/core/changes/describe-change.js';
import { renderChanges } from '../../src/core/changes/render-change.js';
import { isDestructive, reverseChanges } from '../../src/core/changes/reverse-change.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { findRenameCandidates } from '../../src/core/diff/rename-decisions.js';
import { parseRenameFlags } from '../../src/core/diff/rename-flags.js';
import {
  emptySchemaModel,
  type ColumnModel,
  type SchemaModel,
  type TableModel,
} from '../../src/core/model/schema-model.js';
import { defineSchema, integer, table, text, uuid } from '../../src/index.js';

const col = (name: string, type = 'text', extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  notNull: false,
  ...extra,
});
const tbl = (
  name: string,
  columns: ColumnModel[],
  extra: Partial<TableModel> = {},
): TableModel => ({
  schema: 'public',
  name,
  columns,
  uniques: [],
  foreignKeys: [],
  checks: [],
  indexes: [],
  ...extra,
});
const model = (tables: TableModel[], extra: Partial<SchemaModel> = {}): SchemaModel => ({
  ...emptySchemaModel,
  tables,
  ...extra,
});

const orgs = tbl('orgs', [col('id', 'uuid', { notNull: true })], {
  primaryKey: { name: 'orgs_pkey', columns: ['id'] },
});
const users = tbl('users', [col('id', 'uuid', { notNull: true }), col('org_id', 'uuid')], {
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  foreignKeys: [
    {
      name: 'users_org_id_fkey',
      columns: ['org_id'],
      refSchema: 'public',
      refTable: 'orgs',
      refColumns: ['id'],
      onDelete: 'cascade',
      onUpdate: 'no action',
      deferrable: false,
      initiallyDeferred: false,
    },
  ],
  indexes: [
    { name: 'users_org_idx', unique: false, method: 'btree', keys: ['org_id'], include: [] },
  ],
});
const role = { schema: 'public', name: 'role', values: ['viewer', 'admin'] };

describe('diffSchemas', () => {
  it('creates enums and extensions first, referenced tables before referencing ones, FKs last', () => {
    const to = model([users, orgs], { enums: [role], extensions: [{ name: 'pgcrypto' }] });
    const changes = diffSchemas(emptySchemaModel, to);
    expect(changes.map(describeChange)).toEqual([
      'add extension pgcrypto',
      'add enum role (viewer, admin)',
      'add table orgs',
      'add table users',
      'add index users_org_idx on users (org_id)',
      'add foreign key users (org_id) → orgs (id)',
    ]);
  });

  it('drops in reverse dependency order, and each drop is destructive', () => {
    const changes = diffSchemas(model([orgs, users], { enums: [role] }), emptySchemaModel);
    expect(changes.map((c) => c.kind)).toEqual([
      'DropForeignKey',
      'DropIndex',
      'DropTable',
      'DropTable',
      'DropEnum',
    ]);
    expect(
      changes
        .filter((c) => c.kind === 'DropTable')
        .map((c) => c.kind === 'DropTable' && c.table.name),
    ).toEqual(['users', 'orgs']);
    expect(changes.filter(isDestructive).map((c) => c.kind)).toEqual([
      'DropTable',
      'DropTable',
      'DropEnum',
    ]);
  });

  it('drops a schema after the enums, sequences and tables in it (and creates it first)', () => {
    const audit = {
      schemas: ['audit'],
      enums: [{ schema: 'audit', name: 'level', values: ['low'] }],
      sequences: [
        {
          schema: 'audit',
          name: 'n_seq',
          type: 'bigint',
          start: '1',
          increment: '1',
          min: '1',
          max: '9223372036854775807',
          cache: '1',
          cycle: false,
        },
      ],
    };
    const down = diffSchemas(model([{ ...orgs, schema: 'audit' }], audit), emptySchemaModel);
    expect(down.map((c) => c.kind)).toEqual([
      'DropTable',
      'DropEnum',
      'DropSequence',
      'DropSchema',
    ]);
    expect(reverseChanges(down)[0]!.kind).toBe('CreateSchema');
  });

  it('is empty between equal models and its downgrade is the exact inverse', () => {
    const a = model([orgs, users], { enums: [role] });
    expect(diffSchemas(a, a)).toEqual([]);
    const up = diffSchemas(emptySchemaModel, a);
    expect(reverseChanges(reverseChanges(up))).toEqual(up);
    expect(diffSchemas(a, emptySchemaModel).map((c) => c.kind)).toEqual(
      reverseChanges(up).map((c) => c.kind),
    );
  });

  it('never guesses a rename: a drop and an add without a decision, a rename with one', () => {
    const from = model([tbl('people', [col('name')])]);
    const to = model([tbl('users', [col('name')])]);
    expect(diffSchemas(from, to).map((c) => c.kind)).toEqual(['CreateTable', 'DropTable']);
    expect(findRenameCandidates(from, to)).toEqual([
      { kind: 'table', schema: 'public', from: 'people', to: 'users' },
    ]);
    expect(diffSchemas(from, to, { renames: { tables: { people: 'users' } } })).toEqual([
      { kind: 'RenameTable', schema: 'public', table: 'people', from: 'people', to: 'users' },
    ]);
    const hinted = model([
      tbl('users', [col('full_name', 'text', { renamedFrom: 'name' })], { renamedFrom: 'people' }),
    ]);
    expect(diffSchemas(from, hinted).map(describeChange)).toEqual([
      'rename table people to users',
      'rename column users.name to full_name',
    ]);
  });

  it('parses --rename flags against the current schema', () => {
    const current = model([tbl('people', [col('name')])]);
    expect(parseRenameFlags(['people:users', 'people.name:full_name'], current)).toEqual({
      tables: { people: 'users' },
      columns: { 'users.name': 'full_name' },
    });
    expect(() => parseRenameFlags(['nope:x'], current)).toThrow(
      /neither a table nor a table.column/,
    );
  });

  it('marks narrowing type changes and enum value removal destructive, widening not', () => {
    const a = model([tbl('t', [col('n', 'integer'), col('s', 'character varying(20)')])], {
      enums: [role],
    });
    const widen = model([tbl('t', [col('n', 'bigint'), col('s', 'text')])], {
      enums: [{ ...role, values: ['viewer', 'editor', 'admin'] }],
    });
    const up = diffSchemas(a, widen);
    expect(up.map((c) => [c.kind, isDestructive(c)])).toEqual([
      ['AddEnumValues', false],
      ['AlterColumnType', false],
      ['AlterColumnType', false],
    ]);
    expect(reverseChanges(up).map((c) => [c.kind, isDestructive(c)])).toEqual([
      ['AlterColumnType', true],
      ['AlterColumnType', true],
      ['ReplaceEnum', true],
    ]);
    expect(renderChanges(up)[0]).toBe(`ALTER TYPE "role" ADD VALUE 'editor' BEFORE 'admin'`);
  });

  it('treats a constraint of the same shape under another name as equal (implicit names)', () => {
    const a = model([
      { ...users, foreignKeys: [{ ...users.foreignKeys[0]!, name: 'old_name' }] },
      orgs,
    ]);
    expect(diffSchemas(a, model([users, orgs]))).toEqual([]);
  });
});

describe('declarationToModel', () => {
  it('collects column-level and table-level constraints', () => {
    const o = table('orgs', { id: uuid().primaryKey() });
    const m = table('members', {
      org_id: uuid()
        .notNull()
        .references(() => o.columns.id, { onDelete: 'cascade' }),
      email: text().notNull().unique(),
      n: integer(),
    });
    const result = declarationToModel(defineSchema({ tables: [o, m] }));
    const members = result.tables.find((t) => t.name === 'members')!;
    expect(members.uniques).toEqual([{ name: undefined, columns: ['email'] }]);
    expect(members.foreignKeys[0]).toMatchObject({
      columns: ['org_id'],
      refTable: 'orgs',
      onDelete: 'cascade',
    });
  });

  it('refuses a table declared twice', () => {
    const a = table('t', { id: integer() });
    expect(() => declarationToModel(defineSchema({ tables: [a, a] }))).toThrow(/declared twice/);
  });
});
