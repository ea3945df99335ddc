import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createReceiverMetrics } from '../../src/http/receiver-metrics.js';
import { addProcessMetrics } from '../../src/http/process-metrics.js';
import { createWorkerMetrics } from '../../src/worker/worker-metrics.js';
import { createReconcileMetrics } from '../../src/cli/reconcile/reconcile-metrics.js';

/** Not exported by the service: written by the `webhook status` cron job that alerts.yml describes. */
const CRON_METRICS = ['systeme_hooks_webhook_status_ok'];
/**
 * Label values the code emits (docs/operations.md#monitoring lists them): webhook-plugin.ts,
 * processor.ts, and BullMQ's job states (a paused queue's jobs count as paused, not waiting).
 */
const LABEL_VALUES: Record<string, Record<string, string[]>> = {
  systeme_hooks_webhook_deliveries_total: {
    outcome: ['queued', 'duplicate', 'ignored', 'invalid_payload', 'unauthorized', 'bad_request', 'too_large', 'unsupported_media_type', 'unavailable', 'not_found', 'error'],
  },
  systeme_hooks_jobs_total: { outcome: ['completed', 'retry', 'failed', 'rate_limited', 'busy'] },
  systeme_hooks_reconcile_scans_total: { outcome: ['ok', 'failed'] },
  systeme_hooks_queue_jobs: { state: ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'paused'] },
};
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['job', 'instance'];

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface Exported {
  type: string;
  help: string;
  labels: string[];
}

/** Every metric `start` exports: receiver, worker (with RECONCILE_EVERY on) and Node process metrics in one registry. */
function exportedMetrics(): Map<string, Exported> {
  const registry = new Registry();
  createReceiverMetrics({ registry, queueCounts: async () => ({}) });
  createWorkerMetrics(registry);
  createReconcileMetrics(registry, async () => undefined);
  addProcessMetrics(registry);
  return new Map(
    registry.getMetricsAsArray().map((metric) => [
      metric.name,
      { type: String(metric.type), help: metric.help, labels: [...((metric as { labelNames?: string[] }).labelNames ?? [])] },
    ]),
  );
}

interface Rule {
  alert: string;
  expr: string;
  labels?: { severity?: string };
  annotations?: { summary?: string };
}

const alerts = parse(read('deploy/prometheus/alerts.yml')) as { groups: { name: string; rules: Rule[] }[] };
const rules = alerts.groups.flatMap((group) => group.rules);
const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
  rule_files: string[];
  scrape_configs: { job_name: string; dns_sd_configs?: { names: string[]; port: number }[] }[];
};

/** `name{label="value", …}` selectors of the service's own metrics in a PromQL expression. */
function selectors(expr: string) {
  return [...expr.matchAll(/\b(systeme_hooks_[a-z_]+)(?:\{([^}]*)\})?/g)].map((match) => ({
    name: match[1]!,
    matchers: [...(match[2] ?? '').matchAll(/([a-z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map((m) => ({ label: m[1]!, op: m[2]!, value: m[3]! })),
  }));
}

describe('deploy/prometheus/alerts.yml', () => {
  const exported = exportedMetrics();

  it('uses only metrics the service exports (or the cron job writes), with their real labels', () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      for (const { name, matchers } of selectors(rule.expr)) {
        if (CRON_METRICS.includes(name)) continue;
        const base = name.replace(/_(bucket|sum|count)$/, '');
        const metric = exported.get(name) ?? (exported.get(base)?.type === 'histogram' ? exported.get(base) : undefined);
        expect(metric, `${rule.alert}: ${name} is not exported`).toBeDefined();
        for (const { label } of matchers) expect([...metric!.labels, ...TARGET_LABELS, 'le'], `${rule.alert}: ${name} has no label ${label}`).toContain(label);
      }
    }
  });

  it('matches outcome and state values the code emits, so a typo cannot silence an alert', () => {
    let checked = 0;
    for (const rule of rules) {
      for (const { name, matchers } of selectors(rule.expr)) {
        for (const { label, op, value } of matchers.filter((m) => ['outcome', 'state'].includes(m.label))) {
          const values = op === '=~' ? value.split('|') : [value];
          for (const one of values) {
            expect(LABEL_VALUES[name]?.[label], `${rule.alert}: ${label}="${one}" is not a value of ${name}`).toContain(one);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('gives every alert a severity and a summary', () => {
    for (const rule of rules) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary?.length, rule.alert).toBeGreaterThan(10);
    }
  });

  it('refers to scrape jobs that prometheus.yml defines', () => {
    const jobs = prometheus.scrape_configs.map((config) => config.job_name);
    const text = read('deploy/prometheus/prometheus.yml');
    for (const rule of rules) {
      for (const match of rule.expr.matchAll(/job=~?"([^"]+)"/g)) {
        const pattern = new RegExp(`^(?:${match[1]})$`);
        const known = [...jobs, ...[...text.matchAll(/job_name: (\S+)/g)].map((m) => m[1]!)];
        expect(known.some((job) => pattern.test(job)), `${rule.alert}: no scrape job matches ${match[1]}`).toBe(true);
      }
    }
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
  };

  it('loads alerts.yml from where the compose monitoring profile mounts this directory', () => {
    const mount = compose.services.prometheus?.volumes?.find((volume) => volume.startsWith('./deploy/prometheus:'));
    const target = mount?.split(':')[1];
    expect(prometheus.rule_files).toEqual([`${target}/alerts.yml`]);
  });

  it('scrapes the receiver on PORT and every worker replica on METRICS_PORT, as compose runs them', () => {
    const job = (name: string) => prometheus.scrape_configs.find((config) => config.job_name === name)?.dns_sd_configs?.[0];
    expect(job('systeme-hooks-receiver')).toMatchObject({ names: expect.arrayContaining(['receiver']), port: 3000 });
    expect(job('systeme-hooks-worker')).toMatchObject({
      names: expect.arrayContaining(['worker']),
      port: Number(compose.services.worker?.environment?.METRICS_PORT),
    });
  });
});
