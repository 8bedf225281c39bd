import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import type { Diagram } from '../core/pictures/diagram.js';
import { loadProject } from '../project/load-project.js';

export type PictureFormat = 'mermaid' | 'dot' | 'svg';

export interface PictureResult {
  readonly format: PictureFormat;
  /** What was drawn: `revisions`, or `erd` with the schema's source. */
  readonly picture: string;
  /** The file written with `out`; absent when the text is returned for stdout. */
  readonly file?: string;
  readonly text: string;
}

function checkFormat(format: string, allowed: readonly PictureFormat[]): PictureFormat {
  if ((allowed as readonly string[]).includes(format)) return format as PictureFormat;
  throw new RetortError('USAGE', ExitCode.Usage, `Unknown format "${format}".`, {
    hint: `Use --format ${allowed.join(', ')}.`,
  });
}

async function render(
  diagram: Diagram,
  format: PictureFormat,
  picture: string,
  rootOut: { out?: string | undefined },
): Promise<PictureResult> {
  const text =
    format === 'svg'
      ? await (await import('../core/pictures/render-svg.js')).toSvg(diagram)
      : format === 'dot'
        ? (await import('../core/pictures/render-text.js')).toDot(diagram)
        : (await import('../core/pictures/render-text.js')).toMermaid(diagram);
  if (rootOut.out === undefined) return { format, picture, text };
  const file = resolve(process.cwd(), rootOut.out);
  writeFileSync(file, text);
  return { format, picture, file, text };
}

/**
 * The revision graph as Mermaid, DOT or SVG: branches, merges, dashed dependencies, branch
 * labels, heads; with `current` (the database's heads, read by the caller) those are highlighted.
 *
 * @example
 * const { text } = await graph({ config, format: 'mermaid' }); // 'flowchart BT\n  n_d896…'
 */
export async function graph(options: {
  config: ResolvedConfig;
  format?: string;
  current?: readonly string[];
  out?: string;
}): Promise<PictureResult> {
  const format = checkFormat(options.format ?? 'mermaid', ['mermaid', 'dot', 'svg']);
  const { graph: revisions } = await loadProject(options.config);
  const { revisionDiagram } = await import('../core/pictures/revision-diagram.js');
  return render(revisionDiagram(revisions, options.current ?? []), format, 'revisions', options);
}

export type ErdSource = 'declared' | 'database' | 'migrations';

/**
 * The schema as an entity-relationship diagram (tables, their key columns, foreign keys), from
 * the TypeScript declaration (the default when the config names one), the database, or the
 * migrations replayed to head in a scratch PGlite (the default otherwise).
 *
 * @example
 * const { text } = await erd({ config, format: 'svg', source: 'migrations' });
 */
export async function erd(options: {
  config: ResolvedConfig;
  format?: string;
  source?: string;
  keysOnly?: boolean;
  out?: string;
}): Promise<PictureResult> {
  const format = checkFormat(options.format ?? 'mermaid', ['mermaid', 'svg', 'dot']);
  const { config } = options;
  const source = options.source ?? (config.schema === undefined ? 'migrations' : 'declared');
  const sources = await import('./schema-sources.js');
  let model;
  if (source === 'declared') {
    const [{ loadDeclaration }, { declarationToModel }] = await Promise.all([
      import('../project/declaration-loader.js'),
      import('../core/declaration/declaration-to-model.js'),
    ]);
    model = declarationToModel(await loadDeclaration(config));
  } else if (source === 'database') {
    model = await sources.databaseSchema(config);
  } else if (source === 'migrations') {
    const { replayToHead } = await import('./replay-to-head.js');
    // retort patches no global console: a data migration's own messages are its own (issue 8).
    model = await replayToHead(config, [], sources.scratchCacheDir(config), undefined);
  } else {
    throw new RetortError('USAGE', ExitCode.Usage, `Unknown schema source "${source}".`, {
      hint: 'Use --from declared, database or migrations.',
    });
  }
  const { erdDiagram } = await import('../core/pictures/erd-diagram.js');
  return render(
    erdDiagram(model, { keysOnly: options.keysOnly === true }),
    format,
    `erd (${source})`,
    options,
  );
}
