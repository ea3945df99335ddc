import { Counter, Histogram, type Registry } from 'prom-client';

export interface WorkerMetrics {
  jobs: Counter<'event' | 'outcome'>;
  actions: Counter<'type' | 'outcome'>;
  apiCalls: Counter<'operation' | 'status'>;
  eventToDone: Histogram<'event'>;
  rateLimitPauses: Counter<never>;
}

/** Metric names are documented in docs/operations.md#monitoring. */
export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  return {
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
