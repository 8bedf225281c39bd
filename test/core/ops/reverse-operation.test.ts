import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/core/ops/operations.js';
import { reverseOperation } from '../../../src/core/ops/reverse-operation.js';
import { isSqlExpression, sql } from '../../../src/core/ops/sql-expression.js';

describe('reverseOperation', () => {
  it.each<[string, Operation]>([
    ['dropTable', { kind: 'DropTable', name: 't' }],
    ['dropColumn without its definition', { kind: 'DropColumn', table: 't', column: 'c' }],
    ['dropIndex', { kind: 'DropIndex', name: 'ix' }],
    ['dropConstraint', { kind: 'DropConstraint', name: 'c', table: 't' }],
    ['validateConstraint', { kind: 'ValidateConstraint', name: 'c', table: 't' }],
    ['dropEnum', { kind: 'DropEnum', name: 'e' }],
    [
      'addEnumValue (PostgreSQL cannot remove a value)',
      { kind: 'AddEnumValue', type: 'e', value: 'v' },
    ],
    ['dropSchema', { kind: 'DropSchema', name: 's' }],
    ['dropExtension', { kind: 'DropExtension', name: 'x' }],
    ['dropSequence', { kind: 'DropSequence', name: 's' }],
    ['execute', { kind: 'Execute', sql: 'SELECT 1' }],
    ['bulkInsert', { kind: 'BulkInsert', table: 't', rows: [{ a: 1 }] }],
    ['a comment without the previous one', { kind: 'SetTableComment', table: 't', comment: 'x' }],
    [
      'a type change without existingType',
      { kind: 'AlterColumn', table: 't', column: 'c', type: 'text' },
    ],
    [
      'SET NOT NULL without existingNullable',
      { kind: 'AlterColumn', table: 't', column: 'c', nullable: false },
    ],
    [
      'a default without existingDefault',
      { kind: 'AlterColumn', table: 't', column: 'c', default: 1 },
    ],
  ])('is null for %s', (_name, op) => {
    expect(reverseOperation(op)).toBeNull();
  });

  it.each<[string, Operation, Operation]>([
    [
      'createTable',
      {
        kind: 'CreateTable',
        name: 't',
        schema: 's',
        columns: [],
        lintIgnore: [{ rule: 'r', reason: 'x' }],
      },
      { kind: 'DropTable', name: 't', schema: 's' },
    ],
    [
      'renameTable',
      { kind: 'RenameTable', from: 'a', to: 'b' },
      { kind: 'RenameTable', from: 'b', to: 'a' },
    ],
    [
      'setTableSchema',
      { kind: 'SetTableSchema', table: 'events', newSchema: 'audit', schema: 'public' },
      { kind: 'SetTableSchema', table: 'events', newSchema: 'public', schema: 'audit' },
    ],
    [
      'renameConstraint',
      { kind: 'RenameConstraint', table: 't', from: 'a', to: 'b', schema: 's' },
      { kind: 'RenameConstraint', table: 't', from: 'b', to: 'a', schema: 's' },
    ],
    [
      'addColumn',
      { kind: 'AddColumn', table: 't', column: { name: 'c', type: 'text', nullable: false } },
      { kind: 'DropColumn', table: 't', column: 'c', existing: { type: 'text', nullable: false } },
    ],
    [
      'createIndex concurrently',
      { kind: 'CreateIndex', name: 'ix', table: 't', keys: ['a'], schema: 's', concurrently: true },
      { kind: 'DropIndex', name: 'ix', schema: 's', concurrently: true },
    ],
    [
      'createEnum',
      { kind: 'CreateEnum', name: 'e', values: ['a'] },
      { kind: 'DropEnum', name: 'e' },
    ],
    [
      'renameEnumValue',
      { kind: 'RenameEnumValue', type: 'e', from: 'a', to: 'b' },
      { kind: 'RenameEnumValue', type: 'e', from: 'b', to: 'a' },
    ],
    [
      'createSchema',
      { kind: 'CreateSchema', name: 's', ifNotExists: true },
      { kind: 'DropSchema', name: 's' },
    ],
    [
      'alterColumn with existing values',
      {
        kind: 'AlterColumn',
        table: 't',
        column: 'c',
        nullable: false,
        existingNullable: true,
        dropDefault: true,
        existingDefault: 5,
        newName: 'd',
      },
      {
        kind: 'AlterColumn',
        table: 't',
        column: 'd',
        nullable: true,
        existingNullable: false,
        default: 5,
        existingDefault: null,
        newName: 'c',
      },
    ],
    [
      'setColumnComment with the previous one',
      { kind: 'SetColumnComment', table: 't', column: 'c', comment: null, existingComment: 'old' },
      { kind: 'SetColumnComment', table: 't', column: 'c', comment: 'old', existingComment: null },
    ],
  ])('reverses %s', (_name, op, expected) => {
    expect(reverseOperation(op)).toEqual(expected);
    // Reversing twice gives back an operation that does the same thing.
    const back = reverseOperation(reverseOperation(op) as Operation);
    if (back !== null) expect(reverseOperation(back)).toEqual(expected);
  });

  it('casts back explicitly when a type change needed USING', () => {
    const reversed = reverseOperation({
      kind: 'AlterColumn',
      table: 't',
      column: 'n',
      type: 'integer',
      using: 'n::integer',
      existingType: 'text',
    });
    expect(reversed).toMatchObject({
      kind: 'AlterColumn',
      column: 'n',
      type: 'text',
      existingType: 'integer',
    });
    const using = (reversed as { using?: unknown }).using;
    expect(isSqlExpression(using) && using.text).toBe('"n"::text');
  });
});

describe('sql', () => {
  it('is raw as a function and a tag; interpolations become literals; ident and literal quote', () => {
    expect(sql('now()').text).toBe('now()');
    expect(sql`lower(${sql.ident('E"mail')}) = ${"it's"} AND n > ${1} AND b IS ${null}`.text).toBe(
      `lower("E""mail") = 'it''s' AND n > 1 AND b IS NULL`,
    );
    expect(sql.ident('t', 'Auth').text).toBe('"Auth"."t"');
    expect(sql.literal('a\\b').text).toBe(`E'a\\\\b'`);
    expect(isSqlExpression('now()')).toBe(false);
    expect(isSqlExpression({ text: 'now()' })).toBe(false);
  });
});
