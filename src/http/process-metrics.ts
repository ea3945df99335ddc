import { collectDefaultMetrics, type Registry } from 'prom-client';

/**
 * Adds Node's own metrics (`process_*` CPU, memory, open fds; `nodejs_*` event-loop lag, heap,
 * GC) to a registry. Safe to call twice on one registry, as `start` does for receiver and worker.
 * prom-client reads them on each scrape: no timer, nothing to close.
 */
export function addProcessMetrics(registry: Registry): void {
  if (registry.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics({ register: registry });
}
