import type { OutputOptions } from './output.js';

/**
 * The cold-start fast path of the read-only graph verbs and `check`. Loading commander and every verb module
 * costs about a quarter of a bare Node start; `retort heads` should cost little more than Node
 * itself. Only plain invocations are taken here (known flags, `-c <file>`, the verb's positional
 * argument); anything else, `--help` included, returns false and goes through commander, so
 * behaviour never differs between the two paths.
 */

interface FastVerb {
  /** Boolean flags: spelling → option name. */
  flags: Record<string, string>;
  /** Flags taking a value: spelling → option name. */
  values?: Record<string, string>;
  /** Positional arguments the verb takes (exactly). */
  positionals: number;
  run(
    options: Record<string, string | boolean>,
    positionals: string[],
    configFile: string | undefined,
  ): Promise<void>;
}

const COMMON_FLAGS = { '--json': 'json', '--debug': 'debug' };

async function configOf(configFile: string | undefined) {
  const { loadConfig } = await import('../project/config-loader.js');
  return loadConfig(configFile === undefined ? {} : { configFile });
}

async function run<T>(
  options: OutputOptions & { debug?: boolean },
  action: () => Promise<T>,
  render: (result: T) => string,
  exitCodeOf: (result: T) => number = () => 0,
): Promise<void> {
  const { printResult, reportError } = await import('./output.js');
  try {
    const result = await action();
    printResult(result, options, render);
    process.exitCode = exitCodeOf(result);
  } catch (error) {
    process.exitCode = reportError(error, options);
  }
}

const VERBS: Record<string, FastVerb> = {
  // `check` is read-only too, and its warm run is short enough that commander and the other
  // verbs' modules were a sixth of it. Fleet options (and anything else) go through commander.
  check: {
    flags: { '--migrations': 'migrations', '--strict': 'strict' },
    values: { '--exclude': 'exclude' },
    positionals: 0,
    async run(o, _p, configFile) {
      const [{ check }, { renderCheck }] = await Promise.all([
        import('../commands/check.js'),
        import('./verbs/check.js'),
      ]);
      const exclude = typeof o['exclude'] === 'string' ? o['exclude'] : '';
      await run(
        o,
        async () => {
          const config = await configOf(configFile);
          for (const note of config.notes ?? []) process.stderr.write(`note: ${note}\n`);
          return check({
            config,
            migrations: o['migrations'] === true,
            strict: o['strict'] === true,
            exclude: exclude
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          });
        },
        renderCheck,
        (result) => (result.clean ? 0 : 1),
      );
    },
  },
  heads: {
    flags: {
      '-v': 'verbose',
      '--verbose': 'verbose',
      '--resolve-dependencies': 'resolveDependencies',
    },
    positionals: 0,
    async run(o, _p, configFile) {
      const [{ heads }, { renderHeads }] = await Promise.all([
        import('../commands/heads.js'),
        import('./verbs/heads.js'),
      ]);
      await run(
        o,
        async () =>
          heads({
            config: await configOf(configFile),
            verbose: o['verbose'] === true,
            resolveDependencies: o['resolveDependencies'] === true,
          }),
        renderHeads,
      );
    },
  },
  history: {
    flags: { '-v': 'verbose', '--verbose': 'verbose' },
    values: { '-r': 'revRange', '--rev-range': 'revRange' },
    positionals: 0,
    async run(o, _p, configFile) {
      const [{ history }, { renderHistory }] = await Promise.all([
        import('../commands/history.js'),
        import('./verbs/history.js'),
      ]);
      const range = o['revRange'];
      await run(
        o,
        async () =>
          history({
            config: await configOf(configFile),
            verbose: o['verbose'] === true,
            ...(typeof range === 'string' ? { range } : {}),
          }),
        renderHistory,
      );
    },
  },
  branches: {
    flags: { '-v': 'verbose', '--verbose': 'verbose' },
    positionals: 0,
    async run(o, _p, configFile) {
      const [{ branches }, { renderBranches }] = await Promise.all([
        import('../commands/branches.js'),
        import('./verbs/branches.js'),
      ]);
      await run(
        o,
        async () =>
          branches({ config: await configOf(configFile), verbose: o['verbose'] === true }),
        renderBranches,
      );
    },
  },
  show: {
    flags: {},
    positionals: 1,
    async run(o, p, configFile) {
      const [{ show }, { renderShow }] = await Promise.all([
        import('../commands/show.js'),
        import('./verbs/show.js'),
      ]);
      await run(
        o,
        async () => show({ config: await configOf(configFile), revision: p[0]! }),
        renderShow,
      );
    },
  },
};

/**
 * Runs `args` (argv without node and the script) on the fast path when it is a plain read-only
 * invocation; returns false, having done nothing, otherwise.
 *
 * @example
 * if (!(await runFastPath(process.argv.slice(2)))) await main();
 */
export async function runFastPath(args: readonly string[]): Promise<boolean> {
  let configFile: string | undefined;
  let verb: FastVerb | undefined;
  const options: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '--config') {
      const value = args[++i];
      if (value === undefined || configFile !== undefined) return false;
      configFile = value;
    } else if (verb === undefined) {
      if (arg === '--debug') options['debug'] = true;
      else if (Object.hasOwn(VERBS, arg)) verb = VERBS[arg];
      else return false;
    } else if (Object.hasOwn(COMMON_FLAGS, arg)) {
      options[COMMON_FLAGS[arg as keyof typeof COMMON_FLAGS]] = true;
    } else if (Object.hasOwn(verb.flags, arg)) {
      options[verb.flags[arg]!] = true;
    } else if (verb.values && Object.hasOwn(verb.values, arg)) {
      const value = args[++i];
      if (value === undefined || (value.startsWith('-') && !/^-\d/.test(value))) return false;
      options[verb.values[arg]!] = value;
    } else if (!arg.startsWith('-') && positionals.length < verb.positionals) {
      positionals.push(arg);
    } else {
      return false;
    }
  }
  if (verb === undefined || positionals.length !== verb.positionals) return false;
  await verb.run(options, positionals, configFile);
  return true;
}
