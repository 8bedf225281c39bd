import type { ResolvedConfig } from '../core/config.js';
import { migrate, type MigrateResult } from '../runner/migrate.js';
import type { RunEvent } from '../runner/run-plan.js';

export type { MigrateResult } from '../runner/migrate.js';

export interface UpgradeOptions {
  readonly config: ResolvedConfig;
  /** `head`, `heads`, a revision, `+N`, … (Alembic syntax); `start:end` with `sql`. */
  readonly target: string;
  readonly sql?: boolean;
  readonly resume?: boolean;
  readonly acceptChecksums?: readonly string[];
  readonly onEvent?: (event: RunEvent) => void;
}

/**
 * Applies revisions up to `target`.
 *
 * @example
 * const result = await upgrade({ config: await loadConfig(), target: 'head' });
 * console.log(result.headsAfter);
 */
export function upgrade(options: UpgradeOptions): Promise<MigrateResult> {
  return migrate({ ...options, direction: 'up' });
}
