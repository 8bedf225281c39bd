import type { ResolvedConfig } from '../core/config.js';

/** `upgrade --backup`: a `retort backup` before anything runs; returns the file written. */
export async function backupFirst(config: ResolvedConfig): Promise<string> {
  const { backup } = await import('../commands/backup.js');
  const result = await backup({ config });
  process.stderr.write(`Backed up ${result.database} to ${result.file} before upgrading.\n`);
  return result.file;
}
