import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import type { SchemaModel } from '../../src/core/model/schema-model.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import corpus from './corpus.js';
import { loadDeclarationSource } from '../support/declaration.js';

describe('pull writes a declaration that normalises to the same model', () => {
  let normalised: SchemaModel;
  let source: string;
  beforeAll(async () => {
    normalised = await normaliseModel(declarationToModel(corpus));
    source = modelToDeclaration(normalised);
  });
  afterAll(() => undefined);

  it('round-trips the corpus through TypeScript source', async () => {
    const declaration = await loadDeclarationSource(source);
    const again = await normaliseModel(declarationToModel(declaration));
    expect(diffSchemas(normalised, again)).toEqual([]);
    expect(source).toContain("export const orgs = table('orgs', {");
    expect(source).toContain("status: status().notNull().default('draft'),");
  });
});
