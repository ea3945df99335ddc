import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer, type MetricsServer } from '../../src/http/metrics-server.js';
import { addProcessMetrics } from '../../src/http/process-metrics.js';
import { createWorkerMetrics } from '../../src/worker/worker-metrics.js';
import { recentFixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { uniquePrefix } from '../helpers/redis.js';

/** What the metrics table of docs/operations.md#monitoring documents: name, type and label names. */
const RECEIVER_METRICS = [
  { name: 'systeme_hooks_webhook_deliveries_total', type: 'counter', labels: ['event', 'outcome'] },
  { name: 'systeme_hooks_http_request_duration_seconds', type: 'histogram', labels: ['route', 'method', 'status'] },
  { name: 'systeme_hooks_queue_jobs', type: 'gauge', labels: ['state'] },
];
const WORKER_METRICS = [
  { name: 'systeme_hooks_jobs_total', type: 'counter', labels: ['event', 'outcome'] },
  { name: 'systeme_hooks_actions_total', type: 'counter', labels: ['type', 'outcome'] },
  { name: 'systeme_hooks_api_calls_total', type: 'counter', labels: ['operation', 'status'] },
  { name: 'systeme_hooks_event_to_done_seconds', type: 'histogram', labels: ['event'] },
  { name: 'systeme_hooks_rate_limit_pauses_total', type: 'counter', labels: [] },
  { name: 'systeme_hooks_api_quota_limit', type: 'gauge', labels: [] },
  { name: 'systeme_hooks_api_quota_window_seconds', type: 'gauge', labels: [] },
  { name: 'systeme_hooks_api_quota_used_ratio', type: 'gauge', labels: [] },
  { name: 'systeme_hooks_api_rate_allowed_per_second', type: 'gauge', labels: ['source'] },
];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format 0.0.4 → HELP, TYPE and samples. Enough for what prom-client writes. */
function parseExposition(text: string) {
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'HELP' ? help : types).set(meta[2]!, meta[3]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  return { help, types, samples, value };
}

type Exposition = ReturnType<typeof parseExposition>;

/** Every documented metric is declared with its type and help, and its samples carry exactly its labels. */
function expectDocumented(exposition: Exposition, metrics: typeof RECEIVER_METRICS) {
  for (const metric of metrics) {
    expect(exposition.types.get(metric.name), metric.name).toBe(metric.type);
    expect(exposition.help.get(metric.name)?.length, `${metric.name} help`).toBeGreaterThan(10);
    const own = exposition.samples.filter((s) => s.name === metric.name || s.name.startsWith(`${metric.name}_`));
    expect(own.length, `${metric.name} has samples`).toBeGreaterThan(0);
    for (const sample of own) {
      const names = Object.keys(sample.labels).filter((label) => label !== 'le');
      expect(names.sort(), sample.name).toEqual([...metric.labels].sort());
    }
  }
}

describe('receiver /metrics', () => {
  const secret = 'whsec-metrics-0123456789';
  const prefix = uniquePrefix('metrics');
  let receiver: TestReceiver;
  let base: string;

  beforeAll(async () => {
    receiver = await startTestReceiver({ prefix, secrets: [secret], allowSingleSecretRoute: true });
    addProcessMetrics(receiver.registry);
    base = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await receiver.discard();
  });

  it('exposes the documented metrics in the Prometheus text format, counting what happened', async () => {
    const body = recentFixtureBody('sale-new.json');
    const accepted = await fetch(`${base}/webhooks/systeme`, { method: 'POST', body, headers: signedHeaders(body, secret, 'SALE_NEW') });
    expect(accepted.status).toBe(202);
    const refused = await fetch(`${base}/webhooks/systeme`, {
      method: 'POST',
      body,
      headers: signedHeaders(body, 'a-wrong-secret-0000', 'SALE_NEW'),
    });
    expect(refused.status).toBe(401);

    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const exposition = parseExposition(await response.text());
    expectDocumented(exposition, RECEIVER_METRICS);

    expect(exposition.value('systeme_hooks_webhook_deliveries_total', { event: 'SALE_NEW', outcome: 'queued' })).toBe(1);
    expect(exposition.value('systeme_hooks_webhook_deliveries_total', { event: 'unknown', outcome: 'unauthorized' })).toBe(1);
    const states = exposition.samples.filter((s) => s.name === 'systeme_hooks_queue_jobs').map((s) => s.labels.state);
    // BullMQ reports a paused queue's waiting jobs apart, under paused.
    expect(states.sort()).toEqual(['active', 'delayed', 'failed', 'paused', 'prioritized', 'waiting']);
    expect(exposition.value('systeme_hooks_queue_jobs', { state: 'waiting' })).toBe(1);
    const webhookRoute = { route: '/webhooks/systeme', method: 'POST' };
    expect(exposition.value('systeme_hooks_http_request_duration_seconds_count', { ...webhookRoute, status: '202' })).toBe(1);
    expect(exposition.value('systeme_hooks_http_request_duration_seconds_bucket', { ...webhookRoute, status: '401', le: '+Inf' })).toBe(1);
    // Node's own metrics, added by addProcessMetrics.
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(exposition.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('worker /metrics (its own listener on METRICS_PORT)', () => {
  let server: MetricsServer;
  const registry = new Registry();
  const metrics = createWorkerMetrics(registry);

  beforeAll(async () => {
    addProcessMetrics(registry);
    server = await startMetricsServer(registry, 0, '127.0.0.1');
  });
  afterAll(() => server.close());

  it('exposes the documented metrics, and answers /healthz for the image healthcheck', async () => {
    metrics.jobs.inc({ event: 'SALE_NEW', outcome: 'completed' });
    metrics.actions.inc({ type: 'add_tag', outcome: 'done' });
    metrics.apiCalls.inc({ operation: 'contacts.get', status: '200' });
    metrics.apiCalls.inc({ operation: 'tags.create', status: 'timeout' });
    metrics.eventToDone.observe({ event: 'SALE_NEW' }, 0.8);
    metrics.rateLimitPauses.inc();
    metrics.observeQuota({ source: 'learned', limit: 600, windowMs: 60_000, usedShare: 0.25, allowedPerSecond: 9 });

    const exposition = parseExposition(await (await fetch(`${server.address}/metrics`)).text());
    expectDocumented(exposition, WORKER_METRICS);
    expect(exposition.value('systeme_hooks_api_calls_total', { operation: 'tags.create', status: 'timeout' })).toBe(1);
    expect(exposition.value('systeme_hooks_event_to_done_seconds_bucket', { event: 'SALE_NEW', le: '1' })).toBe(1);
    expect(exposition.value('systeme_hooks_event_to_done_seconds_bucket', { event: 'SALE_NEW', le: '0.5' })).toBe(0);
    expect(exposition.value('systeme_hooks_rate_limit_pauses_total')).toBe(1);
    expect(exposition.value('systeme_hooks_api_quota_limit')).toBe(600);
    expect(exposition.value('systeme_hooks_api_quota_window_seconds')).toBe(60);
    expect(exposition.value('systeme_hooks_api_quota_used_ratio')).toBe(0.25);
    expect(exposition.value('systeme_hooks_api_rate_allowed_per_second', { source: 'learned' })).toBe(9);
    expect(exposition.types.get('process_resident_memory_bytes')).toBe('gauge');

    const health = await fetch(`${server.address}/healthz`);
    expect(health.status).toBe(200);
  });

  it('lets `start` add process metrics to the shared registry twice without a name clash', () => {
    expect(() => addProcessMetrics(registry)).not.toThrow();
  });
});
