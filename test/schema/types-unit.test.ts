import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rolesInMigrations } from '../../src/commands/replay-roles.js';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { withKeyCollation } from '../../src/core/introspection/rows-to-types.js';
import { parseIndexKey } from '../../src/core/model/enum-of-type.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';

describe('type kinds: pure parts', () => {
  it('parses and writes an index key with COLLATE', () => {
    expect(parseIndexKey('"name" COLLATE "C" text_pattern_ops DESC')).toEqual({
      column: 'name',
      expression: undefined,
      order: 'desc',
      nulls: undefined,
      opclass: 'text_pattern_ops',
      collation: 'C',
    });
    expect(parseIndexKey('(lower(a)) COLLATE pg_c_utf8').collation).toBe('pg_c_utf8');
    expect(withKeyCollation('name text_pattern_ops DESC NULLS LAST', 'POSIX')).toBe(
      '"name" COLLATE "POSIX" text_pattern_ops DESC NULLS LAST',
    );
  });

  it('finds the roles migrations grant to, revoke from and hand ownership to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'retort-roles-'));
    writeFileSync(
      join(dir, 'a.sql'),
      'GRANT SELECT, INSERT ON TABLE t TO app_reader, "Auditors";\nREVOKE ALL ON t FROM public;\nALTER TABLE t OWNER TO owner_role;',
    );
    writeFileSync(
      join(dir, 'b.ts'),
      'op.execute(sql`GRANT USAGE ON SCHEMA "billing" TO "app_writer"`);\nop.execute(sql`GRANT SELECT ON t TO CURRENT_USER`);\n' +
        "op.grant('SELECT', 'table', 'notes', 'Op_Reader', { withGrantOption: true });\n" +
        "op.revoke(['SELECT', 'UPDATE'], 'table', 'notes', ['op_revoked', 'PUBLIC']);\n" +
        "op.createPolicy('p', 't', {\n  roles: ['policy_user'],\n  using: sql`true` });",
    );
    expect(await rolesInMigrations([join(dir, 'a.sql'), join(dir, 'b.ts')])).toEqual([
      'Auditors',
      'Op_Reader',
      'app_reader',
      'app_writer',
      'op_revoked',
      'owner_role',
      'policy_user',
    ]);
  });

  it('orders type drops before the enums and schemas they use, and reverses exactly', () => {
    const model: SchemaModel = {
      ...emptySchemaModel,
      schemas: ['shop'],
      enums: [{ schema: 'shop', name: 'mood', values: ['a'] }],
      domains: [{ schema: 'shop', name: 'm', type: 'shop.mood', notNull: false, checks: [] }],
      collations: [{ schema: 'shop', name: 'c', provider: 'libc', deterministic: true }],
    };
    const down = diffSchemas(model, emptySchemaModel);
    const kinds = down.map((c) => c.kind);
    expect(kinds.slice(0, 2)).toEqual(['DropDomain', 'DropCollation']);
    expect(kinds.indexOf('DropEnum')).toBeGreaterThan(1);
    expect(reverseChanges(reverseChanges(down))).toEqual(down);
  });
});
