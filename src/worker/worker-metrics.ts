import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { QuotaView } from './throttle.js';

export interface WorkerMetrics {
  jobs: Counter<'event' | 'outcome'>;
  actions: Counter<'type' | 'outcome'>;
  apiCalls: Counter<'operation' | 'status'>;
  eventToDone: Histogram<'event'>;
  rateLimitPauses: Counter<never>;
  /** The quota as the limiter knows it: what the API allows, what it uses, what it lets workers make. */
  observeQuota(quota: QuotaView): void;
}

/** Metric names are documented in docs/operations.md#monitoring. */
export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  const quotaLimit = new Gauge({
    name: 'systeme_hooks_api_quota_limit',
    help: 'API calls per window the account allows, as the X-RateLimit-Limit header last said (shared with its other integrations)',
    registers,
  });
  const quotaWindow = new Gauge({
    name: 'systeme_hooks_api_quota_window_seconds',
    help: 'Length of the API quota window, learned from the longest X-RateLimit-Refill seen',
    registers,
  });
  const quotaUsed = new Gauge({
    name: 'systeme_hooks_api_quota_used_ratio',
    help: "Share of the current window's quota already used by every integration of the account, at the last answer",
    registers,
  });
  const allowed = new Gauge({
    name: 'systeme_hooks_api_rate_allowed_per_second',
    help: 'API calls a second the shared limiter lets every worker make together, by source (configured, start, learned)',
    labelNames: ['source'] as const,
    registers,
  });
  return {
    observeQuota(quota) {
      if (quota.limit !== undefined) quotaLimit.set(quota.limit);
      if (quota.windowMs !== undefined) quotaWindow.set(quota.windowMs / 1000);
      if (quota.usedShare !== undefined) quotaUsed.set(quota.usedShare);
      allowed.reset();
      allowed.set({ source: quota.source }, quota.allowedPerSecond);
    },
    jobs: new Counter({
      name: 'systeme_hooks_jobs_total',
      help: 'Jobs processed by event type and outcome (completed, retry, failed, rate_limited, busy, stopped)',
      labelNames: ['event', 'outcome'] as const,
      registers,
    }),
    actions: new Counter({
      name: 'systeme_hooks_actions_total',
      help: 'Rule actions by type and outcome (done, already, dry_run, skipped, done_before, failed)',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    apiCalls: new Counter({
      name: 'systeme_hooks_api_calls_total',
      help: 'Systeme.io API calls by operation and HTTP status (or network / timeout)',
      labelNames: ['operation', 'status'] as const,
      registers,
    }),
    eventToDone: new Histogram({
      name: 'systeme_hooks_event_to_done_seconds',
      help: "Time from the event's timestamp (or its receipt) to its reactions being done",
      labelNames: ['event'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200],
      registers,
    }),
    rateLimitPauses: new Counter({
      name: 'systeme_hooks_rate_limit_pauses_total',
      help: 'Times the queue paused after Systeme.io answered 429',
      registers,
    }),
  };
}
