import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, runCliWithConsole, tempProject, type CliRun } from '../support/cli.js';

/*
 * Every command the documentation shows runs here. The fenced sh/bash/console blocks of
 * README.md, docs/*.md and examples/*\/README.md are executed in order against a temporary
 * project (a copy of the example, or an empty directory where the doc starts with `retort
 * init`), each command's exit code is checked (0, or the `# exits N` its comment states), and
 * where a console block shows output, the output must be what the command prints — so revision
 * ids, line numbers and messages in the docs cannot go stale.
 *
 * What varies between runs is matched, not compared: durations (`36 ms`, `3.60 s`), byte counts,
 * and generated revision ids and timestamps, which bind on first sight (the doc's
 * `3f1c0a9e2b7d` stands for the id this run generated, everywhere after).
 *
 * Markers (HTML comments, invisible on GitHub) in the markdown, before a block:
 *   <!-- docs-test: skip REASON -->  the block does not run here; the test lists it with REASON
 *   <!-- docs-test: fresh -->        the block starts from a fresh copy of the doc's project
 *   <!-- docs-test: run COMMAND -->  a setup command run (unchecked except its exit code) first
 *   <!-- docs-test: file PATH -->    (before any block) its text is written to PATH in the project
 */

interface Block {
  file: string;
  line: number;
  lang: string;
  body: string;
  skip?: string;
  fresh: boolean;
  setup: string[];
  /** A `file` block: where its text goes. */
  path?: string;
}

/** How a doc's project is made, where its commands start, what a bare `retort` means. */
interface DocProject {
  /** An example copied to `<tmp>/examples/<name>`. */
  example?: string;
  /** A directory of this repository copied to the temporary root. */
  fixture?: string;
  /** Run `retort init` first (the doc's commands assume a project). */
  init?: boolean;
  /** The working directory the doc's commands start in, relative to the temporary root. */
  cwd?: string;
  /** What the doc says a bare `retort` stands for (its arguments after `retort`). */
  retort?: string[];
}

const PROJECTS: Record<string, DocProject> = {
  'README.md': {},
  'docs/embedded.md': { init: true },
  'docs/lint.md': { fixture: 'test/docs/projects/lint' },
  'docs/revisions.md': { init: true },
  'docs/scale-out.md': {},
  'docs/testing.md': { example: 'raptorflow', cwd: 'examples/raptorflow' },
  'examples/grantfinder/README.md': {
    example: 'grantfinder',
    retort: ['--config', 'examples/grantfinder/retort.config.ts'],
  },
  'examples/raptorflow/README.md': { example: 'raptorflow' },
  'examples/trigram-search/README.md': {
    example: 'trigram-search',
    cwd: 'examples/trigram-search',
  },
};

/** The READMEs test/docs/shell-blocks-examples.test.ts runs (the rest: shell-blocks.test.ts). */
export const SEED_EXAMPLE_READMES: readonly string[] = [
  'examples/grantfinder/README.md',
  'examples/raptorflow/README.md',
];

function documents(): string[] {
  const docs = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  const examples = readdirSync(join(REPO_ROOT, 'examples'))
    .filter((d) => existsSync(join(REPO_ROOT, 'examples', d, 'README.md')))
    .map((d) => `examples/${d}/README.md`);
  return ['README.md', ...docs.sort(), ...examples.sort()];
}

function parseBlocks(file: string): Block[] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  let pending: Pick<Block, 'skip' | 'fresh' | 'setup' | 'path'> = { fresh: false, setup: [] };
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- docs-test: (skip|fresh|run|file)\b\s*(.*?)\s*-->$/.exec(lines[i]!);
    if (marker) {
      if (marker[1] === 'skip') pending.skip = marker[2]!;
      else if (marker[1] === 'fresh') pending.fresh = true;
      else if (marker[1] === 'file') pending.path = marker[2]!;
      else pending.setup.push(marker[2]!);
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    if (['sh', 'bash', 'console'].includes(fence[1]!) || pending.path !== undefined) {
      out.push({
        file,
        line: start + 1,
        lang: fence[1]!,
        body: lines.slice(start + 1, end).join('\n'),
        ...pending,
      });
    } else if (pending.skip !== undefined || pending.setup.length > 0 || pending.fresh) {
      throw new Error(`${file}:${start + 1}: a docs-test marker before a ${fence[1]} block`);
    }
    pending = { fresh: false, setup: [] };
    i = end;
  }
  return out;
}

/** One shell word list per command; `&&` separates commands. Quotes as in sh, no expansion. */
function words(command: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'" || c === '"') {
      const close = command.indexOf(c, i + 1);
      if (close < 0) throw new Error(`unclosed quote in: ${command}`);
      word = (word ?? '') + command.slice(i + 1, close);
      i = close;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** The exit code a command's comment states (`# exits 1`), else 0. */
function expectedCode(command: string): number {
  const comment = /\s#\s(.*)$/.exec(command.replace(/(["'])(?:(?!\1).)*\1/g, '""'));
  const stated = comment && /\bexits? (\d+)\b/.exec(comment[1]!);
  return stated ? Number(stated[1]) : 0;
}

interface Step {
  command: string;
  /** The output the doc shows (console blocks), or undefined when none is shown. */
  output?: string[];
}

function steps(block: Block): Step[] {
  const out: Step[] = [];
  const lines = block.body.split('\n');
  if (block.lang !== 'console') {
    let command = '';
    for (const line of lines) {
      if (line.trimEnd().endsWith('\\')) command += `${line.trimEnd().slice(0, -1)} `;
      else if ((command + line).trim() !== '' && !(command + line).trim().startsWith('#')) {
        out.push({ command: command + line });
        command = '';
      }
    }
    return out;
  }
  for (const line of lines) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2) });
    else if (out.length > 0) (out.at(-1)!.output ??= []).push(line);
    else throw new Error(`${block.file}:${block.line}: output before the first \`$ \` command`);
  }
  for (const step of out) while (step.output?.at(-1)?.trim() === '') step.output.pop();
  for (const step of out) if (step.output?.length === 0) delete step.output;
  return out;
}

/** Tokens that differ from run to run: matched by shape; ids and timestamps bind on first use. */
const VARYING = [
  { kind: 'duration', source: String.raw`\d+(?:\.\d+)? (?:ms|s)\b`, bind: false },
  { kind: 'bytes', source: String.raw`\d+ bytes\b`, bind: false },
  {
    kind: 'timestamp',
    source: String.raw`\d{4}-\d\d-\d\dT\d\d[-:]\d\d[-:]\d\d(?:\.\d+Z)?`,
    bind: true,
  },
  { kind: 'id', source: String.raw`(?<![0-9A-Za-z])[0-9a-f]{12}(?![0-9A-Za-z])`, bind: true },
] as const;
const TOKEN = new RegExp(VARYING.map((v) => `(${v.source})`).join('|'), 'g');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class Session {
  /** The doc's id/timestamp → this run's. */
  readonly bound = new Map<string, string>();

  /** The doc's text with every bound token replaced by this run's (ids also by prefix ≥ 4). */
  substitute(text: string): string {
    return text.replace(/[0-9a-f]{4,12}|[\dTZ:.-]{19,}/g, (token) => {
      const exact = this.bound.get(token);
      if (exact !== undefined) return exact;
      const byPrefix = [...this.bound].filter(
        ([doc]) => doc.length === 12 && doc.startsWith(token),
      );
      return byPrefix.length === 1 ? byPrefix[0]![1]! : token;
    });
  }

  /**
   * Whether `actual` is what the doc shows: line by line, a line `…` stands for any lines, an
   * inline `…` for any text, a trailing `  # comment` is the doc's, not the output's.
   */
  matches(shown: string[], actual: string): boolean {
    const fresh = new Map<string, number>();
    let groups = 0;
    const pattern = shown
      .map((raw) => raw.replace(/\s{2,}#\s.*$/, '').trimEnd())
      .map((line) => {
        if (line.trim() === '…') return '(?:[^\\n]*\\n)*?';
        let source = '';
        let last = 0;
        for (const m of line.matchAll(TOKEN)) {
          source += escape(line.slice(last, m.index)).replace(/…/g, '.*?');
          last = m.index + m[0].length;
          const kind = VARYING[m.slice(1).findIndex((g) => g !== undefined)]!;
          const bound = this.bound.get(m[0]);
          if (!kind.bind) source += kind.source;
          else if (bound !== undefined) source += escape(bound);
          else if (fresh.has(m[0])) source += `\\${fresh.get(m[0])}`;
          else {
            fresh.set(m[0], ++groups);
            source += `(${kind.source})`;
          }
        }
        source += escape(line.slice(last)).replace(/…/g, '.*?');
        return `${source}\\n`;
      })
      .join('');
    // The groups count only the token captures: every other group above is non-capturing.
    const text = `${actual
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\n+$/, '')}\n`;
    const m = new RegExp(`^${pattern}$`).exec(text);
    if (!m) return false;
    for (const [doc, group] of fresh) this.bound.set(doc, m[group]!);
    return true;
  }
}

interface Context {
  root: string;
  cwd: string;
  project: DocProject;
  session: Session;
}

async function makeProject(project: DocProject): Promise<{ root: string; cwd: string }> {
  const root = tempProject('retort-docs-');
  if (project.fixture) cpSync(join(REPO_ROOT, project.fixture), root, { recursive: true });
  if (project.init) {
    const init = await runCli(['init'], { cwd: root });
    if (init.code !== 0) throw new Error(`retort init failed: ${init.stderr}`);
  }
  if (project.example) {
    cpSync(join(REPO_ROOT, 'examples', project.example), join(root, 'examples', project.example), {
      recursive: true,
      filter: (src) => !/[/\\](\.retort|node_modules)$/.test(src),
    });
  }
  return { root, cwd: join(root, project.cwd ?? '') };
}

/** Runs one shell command line of a doc; returns what it printed. */
async function execute(context: Context, line: string): Promise<CliRun> {
  const all = words(context.session.substitute(line));
  let result: CliRun = { code: 0, stdout: '', stderr: '' };
  while (all.length > 0) {
    const next = all.indexOf('&&');
    const command = next < 0 ? all.splice(0) : all.splice(0, next + 1).slice(0, -1);
    result = await executeOne(context, command, line);
    if (result.code !== 0) return result;
  }
  return result;
}

async function executeOne(context: Context, command: string[], line: string): Promise<CliRun> {
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(command[0] ?? '')) {
    const [name, ...value] = command.shift()!.split('=');
    env[name!] = value.join('=');
  }
  let out: string | undefined;
  const redirect = command.indexOf('>');
  if (redirect >= 0) [, out] = command.splice(redirect, 2);
  const [program, ...args] = command;
  let result: CliRun;
  if (program === 'cd') {
    context.cwd = resolve(context.cwd, args[0]!);
    result = { code: 0, stdout: '', stderr: '' };
  } else if (program === 'head' && /^-\d+$/.test(args[0] ?? '')) {
    const text = readFileSync(resolve(context.cwd, args[1]!), 'utf8');
    const lines = text.split('\n').slice(0, Math.abs(Number(args[0])));
    result = { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
  } else if (program === 'retort' || (program === 'npx' && args[0] === 'retort')) {
    const rest = program === 'npx' ? args.slice(1) : [...(context.project.retort ?? []), ...args];
    result = await runCliWithConsole(rest, { cwd: context.cwd, env });
  } else {
    throw new Error(
      `\`${line}\` cannot run in the docs test: mark its block <!-- docs-test: skip REASON -->`,
    );
  }
  if (out !== undefined) {
    writeFileSync(resolve(context.cwd, out), result.stdout);
    result = { ...result, stdout: '', output: result.stderr };
  }
  // A file the command writes that the repository holds (an example's pictures) must come out
  // byte for byte as committed: the docs show what the command makes.
  const written = args.indexOf('--out');
  if (result.code === 0 && written >= 0 && program !== 'cd') {
    const path = relative(context.root, resolve(context.cwd, args[written + 1]!));
    const committed = join(REPO_ROOT, path);
    if (!path.startsWith('..') && existsSync(committed)) {
      expect(readFileSync(join(context.root, path), 'utf8'), `${line} reproduces ${path}`).toBe(
        readFileSync(committed, 'utf8'),
      );
    }
  }
  return result;
}

/**
 * The docs test over the documents `select` picks: two test files share it (the two seed
 * examples' READMEs, whose commands cost most, in test/docs/shell-blocks-examples.test.ts; every
 * other document in test/docs/shell-blocks.test.ts), so neither exceeds the per-file budget.
 */
export function docsTest(select: (file: string) => boolean): void {
  const skipped: string[] = [];
  /** CPU milliseconds of each command (this process's: the CLI runs in it), and where it is. */
  const timings: [number, string][] = [];

  describe.each(documents().filter(select))('%s', (file) => {
    const blocks = parseBlocks(file);
    const project = PROJECTS[file];
    const runnable = blocks.filter((b) => b.skip === undefined);

    if (blocks.length === 0) {
      it.skip('has no shell blocks', () => undefined);
      return;
    }
    for (const b of blocks) if (b.skip !== undefined) skipped.push(`${file}:${b.line}: ${b.skip}`);

    it('runs the commands it shows, with the output it shows', { timeout: 1_200_000 }, async () => {
      if (runnable.length > 0 && project === undefined) {
        throw new Error(`${file} has shell blocks: say how its project is made in PROJECTS`);
      }
      if (runnable.length === 0) return;
      const session = new Session();
      let context: Context | undefined;
      for (const block of runnable) {
        if (!context || block.fresh) {
          context = { ...(await makeProject(project!)), project: project!, session };
        }
        for (const setup of block.setup) {
          const result = await execute(context, setup);
          expect(result.code, `${file}:${block.line} setup \`${setup}\`: ${result.stderr}`).toBe(0);
        }
        if (block.path !== undefined) {
          writeFileSync(resolve(context.cwd, block.path), `${block.body}\n`);
          continue;
        }
        for (const step of steps(block)) {
          const where = `${file}:${block.line} \`${step.command}\``;
          const started = process.cpuUsage();
          const result = await execute(context, step.command);
          const spent = process.cpuUsage(started);
          timings.push([(spent.user + spent.system) / 1000, where]);
          const printed = result.output ?? result.stdout + result.stderr;
          expect(result.code, `${where} exit code; printed:\n${printed}`).toBe(
            expectedCode(step.command),
          );
          if (step.output === undefined) continue;
          expect(
            session.matches(step.output, printed),
            `${where} printed:\n${printed}\nthe doc shows:\n${step.output.join('\n')}`,
          ).toBe(true);
        }
      }
    });
  });

  describe('the docs test', () => {
    it('lists the blocks it does not run, with their reasons', () => {
      console.info(`Shell blocks not run by the docs test:\n${skipped.join('\n')}`);
      const slowest = timings.sort((a, b) => b[0] - a[0]).slice(0, 8);
      console.info(
        `Costliest commands (CPU):\n${slowest.map(([ms, w]) => `${Math.round(ms)} ms ${w}`).join('\n')}`,
      );
      for (const entry of skipped) expect(entry).toMatch(/:\d+: \S.{9,}/);
    });
  });
}
