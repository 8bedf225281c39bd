import { migrate, type MigrateResult } from '../runner/migrate.js';
import type { UpgradeOptions } from './upgrade.js';

/** As for upgrade; `target` is `base`, a revision or `-N`; `start:end` with `sql`. */
export type DowngradeOptions = UpgradeOptions;

/**
 * Reverts revisions down to `target`.
 *
 * @example
 * const result = await downgrade({ config: await loadConfig(), target: '-1' });
 * console.log(result.headsAfter);
 */
export function downgrade(options: DowngradeOptions): Promise<MigrateResult> {
  return migrate({ ...options, direction: 'down' });
}
