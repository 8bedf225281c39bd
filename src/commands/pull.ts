import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { modelToDeclaration } from '../core/codegen/model-to-declaration.js';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { databaseSchema } from './schema-sources.js';

export interface PullOptions {
  readonly config: ResolvedConfig;
  /** Where to write (`-`: standard output); default the config's `schema`, else `schema.ts` in the project root. */
  readonly out?: string;
  /** Replace an existing file. */
  readonly force?: boolean;
}

export interface PullResult {
  /** The file written, relative to the project root. */
  readonly file: string;
  readonly tables: number;
  readonly enums: number;
  readonly sequences: number;
  /** With `out: '-'`: the declaration itself (the CLI writes it to stdout; no file is written). */
  readonly declaration?: string;
}

/**
 * `retort pull`: introspects the configured database and writes a schema declaration that
 * `retort check` finds identical — how a team adopts retort on a live database.
 *
 * @example
 * const { file } = await pull({ config, out: 'schema.ts' });
 */
export async function pull(options: PullOptions): Promise<PullResult> {
  const { config } = options;
  if (options.out === '-') {
    const model = await databaseSchema(config);
    return {
      file: '-',
      tables: model.tables.length,
      enums: model.enums.length,
      sequences: model.sequences.length,
      declaration: modelToDeclaration(model),
    };
  }
  const path =
    options.out !== undefined
      ? resolve(process.cwd(), options.out)
      : (config.schema ?? resolve(config.rootDir, 'schema.ts'));
  if (existsSync(path) && options.force !== true) {
    throw new RetortError('PULL_FILE_EXISTS', ExitCode.Usage, `${path} already exists.`, {
      hint: 'Pass --force to replace it, or --out <file> to write elsewhere.',
      details: { file: path },
    });
  }
  const model = await databaseSchema(config);
  await writeFile(path, modelToDeclaration(model));
  return {
    file: relative(config.rootDir, path) || path,
    tables: model.tables.length,
    enums: model.enums.length,
    sequences: model.sequences.length,
  };
}
