import type { ResolvedConfig } from '../core/config.js';
import type { DatabaseClient } from '../database/client.js';
import { detectTransactionPooler, distributedEngine } from '../database/migration-lock.js';
import { connectTarget, type FleetTarget } from './targets.js';

/** The endpoint a pooler would sit on: host, port and user (databases behind it share it). */
const serverOf = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.username}@${u.host}`;
  } catch {
    return url;
  }
};

/**
 * Connections per database URL, reused from target to target (schema-per-tenant fleets share a
 * handful of connections); a URL's idle connections close once none of its targets is left.
 */
export class FleetPool {
  private readonly idle = new Map<string, DatabaseClient[]>();
  private readonly left = new Map<string, number>();
  private readonly probes = new Map<string, Promise<{ pooled: boolean; distributed: boolean }>>();

  constructor(
    private readonly config: ResolvedConfig,
    targets: readonly FleetTarget[],
  ) {
    for (const t of targets) this.left.set(t.url, (this.left.get(t.url) ?? 0) + 1);
  }

  open(url: string): Promise<DatabaseClient> {
    return connectTarget(this.config, url);
  }

  async acquire(url: string): Promise<DatabaseClient> {
    return this.idle.get(url)?.pop() ?? this.open(url);
  }

  /** Gives a connection back after a target; `broken` ones (or a URL's last target's) close. */
  async release(url: string, db: DatabaseClient, broken = false): Promise<void> {
    const left = (this.left.get(url) ?? 1) - 1;
    this.left.set(url, left);
    if (broken || left <= 0) {
      await db.close();
      if (left <= 0) await this.closeIdle(url);
      return;
    }
    const list = this.idle.get(url) ?? [];
    list.push(db);
    this.idle.set(url, list);
  }

  /** Returns a connection borrowed outside a target's run (no countdown). */
  async pushBack(url: string, db: DatabaseClient): Promise<void> {
    const list = this.idle.get(url) ?? [];
    list.push(db);
    this.idle.set(url, list);
  }

  /**
   * Whether a transaction pooler fronts this URL's server, probed once per server (the probe's
   * second connection joins the idle pool). Only asked when the advisory lock may be used.
   */
  probe(url: string, db: DatabaseClient): Promise<{ pooled: boolean; distributed: boolean }> {
    const server = serverOf(url);
    let probe = this.probes.get(server);
    if (!probe) {
      probe = (async () => {
        const distributed = await distributedEngine(db);
        const { pooled, side } = await detectTransactionPooler(db, () => this.open(url));
        const list = this.idle.get(url) ?? [];
        list.push(side);
        this.idle.set(url, list);
        return { pooled, distributed };
      })();
      this.probes.set(server, probe);
    }
    return probe;
  }

  private async closeIdle(url: string): Promise<void> {
    const list = this.idle.get(url) ?? [];
    this.idle.delete(url);
    await Promise.all(list.map((c) => c.close()));
  }

  async close(): Promise<void> {
    await Promise.all([...this.idle.keys()].map((url) => this.closeIdle(url)));
  }
}
