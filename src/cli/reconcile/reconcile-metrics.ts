import { Counter, Gauge, type Registry } from 'prom-client';
import type { LastScan } from './last-scan.js';

export interface ReconcileMetrics {
  runs: Counter<'outcome'>;
}

/**
 * The scheduled scan's figures. The drift gauges read the last scan from Redis on every scrape,
 * so every worker replica shows the same numbers whichever one ran it (docs/reconcile.md).
 */
export function createReconcileMetrics(registry: Registry, lastScan: () => Promise<LastScan | undefined>): ReconcileMetrics {
  const registers = [registry];
  new Gauge({
    name: 'systeme_hooks_reconcile_drift',
    help: 'Contacts whose access does not match their payment, per entitlement and kind (unpaid: access without a paid subscription; missing: paid without the full access), at the last scheduled scan',
    labelNames: ['entitlement', 'kind'] as const,
    registers,
    async collect() {
      const last = await lastScan().catch(() => undefined);
      this.reset();
      for (const entitlement of last?.entitlements ?? []) {
        this.set({ entitlement: entitlement.name, kind: 'unpaid' }, entitlement.unpaid);
        this.set({ entitlement: entitlement.name, kind: 'missing' }, entitlement.missing);
      }
    },
  });
  new Gauge({
    name: 'systeme_hooks_reconcile_last_scan_timestamp_seconds',
    help: 'When the last scheduled drift scan finished (Unix time)',
    registers,
    async collect() {
      const last = await lastScan().catch(() => undefined);
      this.reset();
      if (last) this.set(last.finishedAt / 1000);
    },
  });
  return {
    runs: new Counter({
      name: 'systeme_hooks_reconcile_scans_total',
      help: 'Scheduled drift scans run by this process, by outcome (ok, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
  };
}
