import { check, type CheckDifference } from '../commands/check.js';
import { ExitCode, isRetortError, RetortError } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';
import { boundedConcurrency, forEachBounded, targetsOf, type FleetReadOptions } from './targets.js';

export interface FleetCheckTarget {
  readonly name: string;
  readonly clean: boolean;
  readonly differences: readonly CheckDifference[];
  readonly error?: { readonly code: string; readonly message: string };
}

export interface FleetCheckResult {
  readonly total: number;
  readonly clean: number;
  readonly drifted: number;
  readonly failed: number;
  readonly targets: readonly FleetCheckTarget[];
}

/**
 * `check --all-targets`: compares each database target with the schema declaration (read only).
 * Schema targets are refused: the declaration describes `public` and its declared schemas, not a
 * tenant schema.
 *
 * @example
 * const { drifted, targets } = await fleetCheck({ config, select: { patterns: ['eu-*'] } });
 */
export async function fleetCheck(options: FleetReadOptions): Promise<FleetCheckResult> {
  const { config } = options;
  const targets = await targetsOf(options);
  const schemaTargets = targets.filter((t) => t.schema !== undefined);
  if (schemaTargets.length > 0)
    throw new RetortError(
      'FLEET_CHECK_SCHEMAS',
      ExitCode.Usage,
      `check over targets compares whole databases; ${schemaTargets.length} selected target(s) are tenant schemas (e.g. ${schemaTargets[0]!.name}).`,
      {
        hint: 'Select database targets only, or check one tenant by pointing databaseUrl at a database whose public schema it mirrors.',
      },
    );
  const out = new Map<string, FleetCheckTarget>();
  await forEachBounded(
    targets,
    boundedConcurrency(targets, options.concurrency ?? 4),
    async (t) => {
      try {
        const r = await check({ config: { ...config, databaseUrl: t.url } });
        out.set(t.name, { name: t.name, clean: r.clean, differences: r.differences });
      } catch (error) {
        out.set(t.name, {
          name: t.name,
          clean: false,
          differences: [],
          error: {
            code: isRetortError(error) ? error.code : 'ERROR',
            message: redactSecrets(error instanceof Error ? error.message : String(error)),
          },
        });
      }
    },
  );
  const list = targets.map((t) => out.get(t.name)!);
  return {
    total: list.length,
    clean: list.filter((t) => t.clean).length,
    drifted: list.filter((t) => !t.clean && !t.error).length,
    failed: list.filter((t) => t.error).length,
    targets: list,
  };
}
