import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createPglite } from '../../src/database/pglite-client.js';
import { REPO_ROOT } from '../support/cli.js';
import { EXAMPLES, opMethods, renderOpsReference } from './ops-reference.js';

const DOC = join(REPO_ROOT, 'docs/ops.md');

it('every op method has an example in the reference', () => {
  expect(opMethods().sort()).toEqual(Object.keys(EXAMPLES).sort());
});

it('docs/ops.md is what the code renders (UPDATE_DOCS=1 rewrites it)', async () => {
  const db = await createPglite({ extensions: ['pg_trgm', 'btree_gin'] });
  try {
    const text = await renderOpsReference(db);
    if (process.env['UPDATE_DOCS']) writeFileSync(DOC, text);
    expect(readFileSync(DOC, 'utf8')).toBe(text);
  } finally {
    await db.close();
  }
});
