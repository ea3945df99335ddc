import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ReceiverMetrics {
  deliveries: Counter<'event' | 'outcome'>;
  requestDuration: Histogram<'route' | 'method' | 'status'>;
}

export interface ReceiverMetricsOptions {
  registry: Registry;
  /** Reads jobs by state on each scrape (queue depth). */
  queueCounts?: () => Promise<Record<string, number>>;
}

/** Metric names are documented in docs/operations.md#monitoring. */
export function createReceiverMetrics(options: ReceiverMetricsOptions): ReceiverMetrics {
  const registers = [options.registry];
  const deliveries = new Counter({
    name: 'systeme_hooks_webhook_deliveries_total',
    help: 'Webhook deliveries by event type and outcome (queued, duplicate, ignored, invalid_payload, unauthorized, bad_request, too_large, unsupported_media_type, unavailable, replayed, not_found, error)',
    labelNames: ['event', 'outcome'] as const,
    registers,
  });
  const requestDuration = new Histogram({
    name: 'systeme_hooks_http_request_duration_seconds',
    help: 'HTTP request duration on the receiver',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const queueCounts = options.queueCounts;
  if (queueCounts) {
    new Gauge({
      name: 'systeme_hooks_queue_jobs',
      help: 'Jobs in the event queue by state (waiting, active, delayed, prioritized, failed, paused)',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        try {
          const counts = await queueCounts();
          for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
        } catch {
          // Redis away: keep the last values; /readyz reports the outage.
        }
      },
    });
  }
  return { deliveries, requestDuration };
}
