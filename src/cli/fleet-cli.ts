import type { Command } from 'commander';
import { ExitCode, RetortError } from '../core/errors.js';
import type { FleetCheckResult } from '../fleet/fleet-check.js';
import type { FleetCurrentResult } from '../fleet/fleet-current.js';
import type { FleetResult } from '../fleet/fleet.js';
import type { TargetSelection } from '../fleet/targets.js';
import type { LintGateMode } from '../runner/lint-gate.js';
import { allOptions, projectConfig, runVerb } from './context.js';
import { formatMs } from './progress.js';

export interface FleetFlags {
  target?: string[];
  allTargets?: boolean;
  concurrency?: string;
  canary?: string;
  continueOnError?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--target`, `--all-targets`, `--concurrency`; with `migrate`, `--canary` and `--continue-on-error`. */
export function addFleetOptions(command: Command, migrate: boolean): Command {
  command
    .option(
      '--target <name>',
      "a target of the config's `targets` (a glob such as 'eu-*'; repeatable)",
      collect,
    )
    .option('--all-targets', "every target of the config's `targets`")
    .option(
      '--concurrency <n>',
      'targets at once (default: half the spare connections, at most 8)',
    );
  if (migrate)
    command
      .option(
        '--canary <n>',
        'migrate the first N targets first; stop before the rest if one fails',
      )
      .option(
        '--continue-on-error',
        'keep going after a target fails (default: stop starting new ones)',
      );
  return command;
}

export const fleetRequested = (flags: FleetFlags): boolean =>
  flags.allTargets === true || (flags.target?.length ?? 0) > 0;

function positive(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new RetortError(
      'USAGE',
      ExitCode.Usage,
      `--${name} must be a whole number ≥ ${min}, got '${value}'.`,
      {
        hint: `e.g. --${name} ${min === 0 ? 5 : 4}`,
      },
    );
  return n;
}

const selection = (flags: FleetFlags): TargetSelection =>
  flags.allTargets ? { all: true } : { patterns: flags.target ?? [] };

/** The live line on a TTY: done / running / failed / pending. */
function liveLine(stream: NodeJS.WriteStream = process.stderr): {
  update(p: {
    total: number;
    done: number;
    running: number;
    failed: number;
    pending: number;
  }): void;
  stop(): void;
} {
  const live = stream.isTTY === true && !process.env['CI'];
  let shown = false;
  let latest: Parameters<ReturnType<typeof liveLine>['update']>[0] | undefined;
  let printed: typeof latest;
  // Redrawn at most every 100 ms, always with the latest counts.
  const timer = live
    ? setInterval(() => {
        if (!latest || latest === printed) return;
        printed = latest;
        shown = true;
        const p = latest;
        stream.write(
          `\r\u001b[2K${p.done + p.failed}/${p.total}  done ${p.done}  running ${p.running}  failed ${p.failed}  pending ${p.pending}`,
        );
      }, 100)
    : undefined;
  timer?.unref();
  return {
    update(p) {
      latest = p;
    },
    stop() {
      if (timer) clearInterval(timer);
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}

const short = (heads: readonly string[]): string => (heads.length === 0 ? 'base' : heads.join('+'));

/** The final table: target, from → to, duration, status, error. Pure. */
export function renderFleet(result: FleetResult): string {
  const rows = result.targets.filter((t) => t.status !== 'current' || result.targets.length <= 50);
  const width = Math.min(40, Math.max(6, ...rows.map((t) => t.name.length)));
  const lines = rows.map((t) => {
    const move = t.status === 'skipped' ? '' : `${short(t.from)} → ${short(t.to)}`;
    const err = t.error ? `  ${t.error.code}: ${t.error.message.split('\n')[0]}` : '';
    return `${t.name.padEnd(width)}  ${move.padEnd(29)}  ${(t.status === 'skipped' ? '' : formatMs(t.durationMs)).padStart(9)}  ${t.status}${t.canary ? ' (canary)' : ''}${err}`;
  });
  if (lines.length > 0)
    lines.unshift(
      `${'target'.padEnd(width)}  ${'from → to'.padEnd(29)}  ${'duration'.padStart(9)}  status`,
    );
  if (rows.length < result.targets.length)
    lines.push(`… and ${result.targets.length - rows.length} targets already current`);
  const verb = result.direction === 'up' ? 'upgrade' : 'downgrade';
  const summary = `${verb} ${result.target} on ${result.total} targets in ${formatMs(result.durationMs)} (concurrency ${result.concurrency}): ${result.migrated} migrated, ${result.current} already current, ${result.failed} failed, ${result.skipped} skipped.`;
  const failedNames = result.targets.filter((t) => t.status === 'failed').map((t) => t.name);
  const stop =
    result.stopped === 'canary-failed'
      ? 'A canary failed: the other targets were not started.'
      : result.stopped === 'error'
        ? 'Stopped at the first failure (--continue-on-error runs the rest anyway).'
        : '';
  const next =
    failedNames.length + result.skipped > 0
      ? `Failed: ${failedNames.slice(0, 20).join(', ')}${failedNames.length > 20 ? ', …' : ''}. Fix them and run the same command again: targets already at ${result.target} are skipped.`
      : '';
  return [...lines, '', summary, stop, next]
    .filter((l, i, a) => l !== '' || i < a.length - 1)
    .join('\n')
    .trimEnd();
}

/** `current --all-targets`: how many targets at each revision, which are half done. Pure. */
export function renderFleetCurrent(result: FleetCurrentResult): string {
  const lines = [`${result.total} targets; project head ${short(result.projectHeads)}`];
  for (const d of result.distribution)
    lines.push(
      `${String(d.count).padStart(6)}  ${short(d.heads)}${d.state === 'head' ? ' (head)' : d.state === 'unknown' ? ' (unknown revision)' : ''}${d.state !== 'head' ? `  e.g. ${d.examples.slice(0, 5).join(', ')}` : ''}`,
    );
  for (const t of result.halfDone)
    lines.push(
      `half done: ${t.name}: ${t.halfDone!.direction === 'up' ? 'upgrade' : 'downgrade'} ${t.halfDone!.revision} stopped after ${t.halfDone!.statementsDone} of ${t.halfDone!.statementsTotal} statements`,
    );
  for (const t of result.unreachable)
    lines.push(`unreachable: ${t.name}: ${t.error!.code}: ${t.error!.message}`);
  return lines.join('\n');
}

/** upgrade/downgrade over targets. */
export async function runFleetMigrate(
  command: Command,
  direction: 'up' | 'down',
  target: string,
  flags: FleetFlags & { resume?: boolean; acceptChecksum?: string[]; sql?: boolean },
  lint: LintGateMode | undefined,
): Promise<void> {
  const json = allOptions(command).json === true;
  const line = liveLine();
  await runVerb(
    command,
    async () => {
      if (flags.sql)
        throw new RetortError(
          'USAGE',
          ExitCode.Usage,
          '--sql cannot be combined with --target / --all-targets.',
          {
            hint: 'Print the script once without --target; it is the same for every target.',
          },
        );
      const { migrateFleet } = await import('../fleet/fleet.js');
      try {
        const concurrency = positive('concurrency', flags.concurrency, 1);
        const canary = positive('canary', flags.canary, 0);
        return await migrateFleet({
          config: await projectConfig(command),
          direction,
          target,
          select: selection(flags),
          ...(concurrency ? { concurrency } : {}),
          ...(canary !== undefined ? { canary } : {}),
          continueOnError: flags.continueOnError === true,
          ...(flags.resume ? { resume: true } : {}),
          ...(flags.acceptChecksum ? { acceptChecksums: flags.acceptChecksum } : {}),
          ...(lint ? { lint } : {}),
          ...(json ? {} : { onProgress: line.update }),
        });
      } finally {
        line.stop();
      }
    },
    renderFleet,
    (r) => (r.failed > 0 || r.skipped > 0 ? ExitCode.Migration : 0),
  );
}

/** current over targets. */
export async function runFleetCurrent(command: Command, flags: FleetFlags): Promise<void> {
  await runVerb(
    command,
    async () => {
      const { fleetCurrent } = await import('../fleet/fleet-current.js');
      const concurrency = positive('concurrency', flags.concurrency, 1);
      return fleetCurrent({
        config: await projectConfig(command),
        select: selection(flags),
        ...(concurrency ? { concurrency } : {}),
      });
    },
    renderFleetCurrent,
  );
}

/** `check --all-targets`: one line per target that differs or failed, then the counts. Pure. */
export function renderFleetCheck(result: FleetCheckResult): string {
  const lines: string[] = [];
  for (const t of result.targets) {
    if (t.error) lines.push(`${t.name}: ${t.error.code}: ${t.error.message}`);
    else if (!t.clean) {
      lines.push(`${t.name}: ${t.differences.length} difference(s)`);
      for (const d of t.differences)
        lines.push(`  - ${d.description}${d.destructive ? '  [destructive]' : ''}`);
    }
  }
  lines.push(
    `${result.total} targets: ${result.clean} match the declaration, ${result.drifted} differ, ${result.failed} could not be checked.`,
  );
  return lines.join('\n');
}

/** check over targets: exit 1 on drift, 5 when a target could not be checked. */
export async function runFleetCheck(command: Command, flags: FleetFlags): Promise<void> {
  await runVerb(
    command,
    async () => {
      const { fleetCheck } = await import('../fleet/fleet-check.js');
      const concurrency = positive('concurrency', flags.concurrency, 1);
      return fleetCheck({
        config: await projectConfig(command),
        select: selection(flags),
        ...(concurrency ? { concurrency } : {}),
      });
    },
    renderFleetCheck,
    (r) => (r.failed > 0 ? ExitCode.Migration : r.drifted > 0 ? ExitCode.Findings : 0),
  );
}
