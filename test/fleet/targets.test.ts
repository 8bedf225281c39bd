import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/project/config-loader.js';
import { listTargets, selectTargets } from '../../src/fleet/targets.js';

const resolve = (raw: unknown) =>
  resolveConfig(raw, { configFile: '/p/retort.config.ts', rootDir: '/p', env: {} });

describe('targets in the config', () => {
  it('accepts a list, a schemas query or a function; run.lock and run.leaseTtlMs', () => {
    const c = resolve({
      databaseUrl: 'postgres://u@h/app',
      targets: [
        { name: 'a', url: 'postgres://u@h/a' },
        { name: 'b', schema: 'tenant_b' },
      ],
      run: { lock: 'table', leaseTtlMs: 5000 },
    });
    expect(c.run.lock).toBe('table');
    expect(c.run.leaseTtlMs).toBe(5000);
    expect(resolve({}).run.lock).toBe('auto');
    expect(resolve({ targets: { schemasQuery: 'SELECT 1' } }).targets).toEqual({
      schemasQuery: 'SELECT 1',
    });
    expect(typeof resolve({ targets: () => [] }).targets).toBe('function');
  });

  it.each([
    [{ targets: [{ url: 'postgres://h/a' }] }, '`targets[0].name` must be a non-empty string'],
    [{ targets: [{ name: 'a' }, { name: 'a' }] }, '`targets[1].name` must be unique'],
    [{ targets: { schemasQuery: '' } }, '`targets.schemasQuery` must be a SQL query'],
    [{ targets: 'tenants' }, '`targets` must be an array of targets'],
    [{ run: { lock: 'redis' } }, "`run.lock` must be 'auto', 'advisory' or 'table'"],
  ])('rejects %j with exit 3', (raw, message) => {
    expect(() => resolve(raw)).toThrow(message);
    try {
      resolve(raw);
    } catch (e) {
      expect(e).toMatchObject({ exitCode: 3 });
    }
  });
});

describe('selecting targets', () => {
  const config = resolve({
    databaseUrl: 'postgres://u@h/app',
    targets: [
      { name: 'eu-1', url: 'postgres://u@h/eu1' },
      { name: 'eu-2', url: 'postgres://u@h/eu2' },
      { name: 'us-1', url: 'postgres://u@h/us1' },
      { name: 'acme', schema: 'tenant_acme' },
    ],
  });

  it('globs and names, in the config order; a schema target defaults to databaseUrl', async () => {
    const picked = await selectTargets(config, { patterns: ['acme', 'eu-*'] });
    expect(picked.map((t) => t.name)).toEqual(['eu-1', 'eu-2', 'acme']);
    expect(picked[2]).toEqual({ name: 'acme', url: 'postgres://u@h/app', schema: 'tenant_acme' });
    expect((await selectTargets(config, { all: true })).length).toBe(4);
    expect((await selectTargets(config, { patterns: ['?s-1'] })).map((t) => t.name)).toEqual([
      'us-1',
    ]);
  });

  it('a pattern matching nothing is a usage error (exit 2) naming some targets', async () => {
    await expect(selectTargets(config, { patterns: ['ap-*'] })).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
      exitCode: 2,
      message: expect.stringContaining('e.g. eu-1, eu-2, us-1, acme'),
    });
  });

  it('no targets in the config: exit 3 with an example', async () => {
    await expect(listTargets(resolve({}))).rejects.toMatchObject({
      code: 'NO_TARGETS',
      exitCode: 3,
    });
  });

  it('a function returning targets; duplicates from it are refused', async () => {
    const fn = resolve({
      targets: async ({ databaseUrl }: { databaseUrl: string }) => [
        { name: 'x', url: databaseUrl },
        { name: 'y', schema: 's' },
      ],
    });
    expect((await listTargets(fn)).map((t) => t.name)).toEqual(['x', 'y']);
    const dup = resolve({ targets: () => [{ name: 'x' }, { name: 'x' }] });
    await expect(listTargets(dup)).rejects.toMatchObject({ code: 'TARGETS_INVALID' });
  });
});
