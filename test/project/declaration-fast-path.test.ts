import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { importedNames, loadDeclaration } from '../../src/project/declaration-loader.js';
import { loadConfig } from '../../src/project/config-loader.js';

const SCHEMA = `import { defineSchema, table, text, type TableBuilder, sql as q } from 'retort-pg';
import type { SchemaDeclaration } from 'retort-pg';

export const users: TableBuilder = table('users', { name: text().notNull().default(q\`'x'\`) });
const schema: SchemaDeclaration = defineSchema({ tables: [users] });
export default schema;
`;

describe('importedNames', () => {
  it('lists the value names of named imports from retort-pg', () => {
    expect(importedNames(SCHEMA)).toEqual(['defineSchema', 'table', 'text', 'sql']);
  });
  it('refuses every other way of reaching retort-pg', () => {
    expect(importedNames(`import * as r from 'retort-pg';`)).toBeUndefined();
    expect(importedNames(`import r from 'retort-pg';`)).toBeUndefined();
    expect(importedNames(`export { table } from 'retort-pg';`)).toBeUndefined();
    expect(importedNames(`const r = require('retort-pg');`)).toBeUndefined();
    expect(importedNames(`const r = await import('retort-pg');`)).toBeUndefined();
  });
});

describe('loading a TypeScript declaration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'retort-declaration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = async () =>
    declarationToModel(
      await loadDeclaration(
        await loadConfig({ configFile: join(dir, 'retort.config.mjs'), env: {} }),
      ),
    );

  it('compiles once to the cache and gives the same model as the full path', async () => {
    writeFileSync(join(dir, 'retort.config.mjs'), "export default { schema: './schema.ts' };\n");
    writeFileSync(join(dir, 'schema.ts'), SCHEMA);
    const fast = await load();
    expect(
      readdirSync(join(dir, '.retort', 'cache')).some((f) => f.startsWith('declaration-')),
    ).toBe(true);
    expect(fast.tables.map((t) => t.name)).toEqual(['users']);
    expect(await load()).toEqual(fast);

    // A relative import takes jiti's full path; the same declaration gives the same model.
    writeFileSync(join(dir, 'tables.ts'), SCHEMA.replace(/const schema[\s\S]*/, ''));
    writeFileSync(
      join(dir, 'schema.ts'),
      `import { defineSchema } from 'retort-pg';\nimport { users } from './tables';\nexport default defineSchema({ tables: [users] });\n`,
    );
    expect(await load()).toEqual(fast);
  }, 120_000);

  it('sees an edit at once', async () => {
    writeFileSync(join(dir, 'schema.ts'), SCHEMA.replace("table('users'", "table('people'"));
    expect((await load()).tables.map((t) => t.name)).toEqual(['people']);
  }, 120_000);
});

describe('excludeSchemas in the config', () => {
  const at = { configFile: '/p/retort.config.ts', rootDir: '/p', env: {} };
  it('is a list of schema names, absent by default', async () => {
    const { resolveConfig } = await import('../../src/project/config-loader.js');
    expect(resolveConfig({}, at).excludeSchemas).toBeUndefined();
    expect(resolveConfig({ excludeSchemas: ['auth', 'storage'] }, at).excludeSchemas).toEqual([
      'auth',
      'storage',
    ]);
    expect(() => resolveConfig({ excludeSchemas: 'auth' }, at)).toThrow(/excludeSchemas/);
    expect(() => resolveConfig({ excludeSchemas: [''] }, at)).toThrow(/excludeSchemas/);
  });
});
