import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedConfig } from '../../src/core/config.js';
import type { SchemaDeclaration } from '../../src/core/declaration/schema-builder.js';
import { loadDeclaration } from '../../src/project/declaration-loader.js';

/**
 * Writes declaration source (e.g. what `pull` generates) to a temporary `schema.ts` and loads it
 * as `retort check` would: the product's declaration loader (its compiled fast path, jiti when
 * the file does not qualify). A jiti import aliased to src/ would load all of retort's sources
 * through jiti again on every call (seconds of CPU each).
 */
export async function loadDeclarationSource(
  source: string,
  prefix = 'retort-declaration-',
): Promise<SchemaDeclaration> {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'schema.ts');
  writeFileSync(file, source);
  return loadDeclaration({ schema: file } as ResolvedConfig);
}
