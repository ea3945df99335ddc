import type { RedisClient } from '../../stores/redis-connections.js';
import type { Logger } from 'pino';
import type { EntitlementBuyers } from '../../actions/entitlement-buyers.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { RuleSet } from '../../rules/rule-set.js';
import { tryLock } from '../../stores/redis-lock.js';
import type { LastScanStore } from './last-scan.js';
import type { ReconcileMetrics } from './reconcile-metrics.js';
import { scanAll } from './scan-all.js';

export interface ScheduleOptions {
  everyMs: number;
  /** Delay before the first scan. Default: a minute, or `everyMs` when shorter. */
  firstAfterMs?: number;
  redis: RedisClient;
  prefix: string;
  /** The worker's gateway: the scan waits on the same shared rate limit as the jobs. */
  gateway: Gateway;
  rules: () => RuleSet;
  buyers: EntitlementBuyers;
  lastScan: LastScanStore;
  metrics: ReconcileMetrics;
  logger: Logger;
}

export interface ReconcileSchedule {
  /** Stops the timer and ends a scan in progress (its result is dropped). */
  close(): Promise<void>;
}

/**
 * `RECONCILE_EVERY`: a report-only scan from the worker process. One replica per period runs it
 * (a Redis key taken for the period); its result is kept in Redis for every replica's metrics.
 */
export function startReconcileSchedule(options: ScheduleOptions): ReconcileSchedule {
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const log = options.logger.child({ component: 'reconcile' });

  async function scanOnce(): Promise<void> {
    const entitlements = options.rules().entitlements;
    if (entitlements.length === 0) return;
    const period = await tryLock(options.redis, `${options.prefix}:reconcile:period`, Math.max(1000, Math.floor(options.everyMs * 0.9)));
    if (!period) return;
    try {
      const scans = await scanAll(entitlements, { gateway: options.gateway, buyers: options.buyers, signal: stop.signal });
      const summary = scans.map((scan) => ({
        name: scan.entitlement.name,
        unpaid: scan.drift.filter((d) => d.kind === 'unpaid').length,
        missing: scan.drift.filter((d) => d.kind === 'missing').length,
        unproven: scan.unproven.length,
      }));
      await options.lastScan.write({ finishedAt: Date.now(), entitlements: summary, contacts: scans.reduce((sum, scan) => sum + scan.contacts, 0) });
      options.metrics.runs.inc({ outcome: 'ok' });
      const drift = summary.reduce((sum, e) => sum + e.unpaid + e.missing, 0);
      const line = drift > 0 ? 'drift between payment and access: run `systeme-hooks reconcile` to see it, --apply to fix it' : 'access matches payment';
      (drift > 0 ? log.warn.bind(log) : log.info.bind(log))({ drift, entitlements: summary }, line);
    } catch (error) {
      if (stop.signal.aborted) return;
      options.metrics.runs.inc({ outcome: 'failed' });
      log.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'scheduled drift scan failed; the next period tries again');
    }
  }

  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = scanOnce().finally(() => {
        running = undefined;
        if (!stop.signal.aborted) schedule(options.everyMs);
      });
    }, ms);
    timer.unref();
  };
  schedule(options.firstAfterMs ?? Math.min(60_000, options.everyMs));

  return {
    async close() {
      stop.abort();
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
