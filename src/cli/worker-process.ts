import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { ActionRegistry } from '../actions/registry.js';
import type { Config } from '../config/load-config.js';
import { createRulesSource } from '../rules/rules-source.js';
import { createGateway, gatewayOptionsFromConfig, type Gateway } from '../gateway/index.js';
import { createPlaceholders } from '../gateway/recording/placeholders.js';
import { recordingFetch } from '../gateway/recording/recording-fetch.js';
import { handleEvent } from '../handlers/handle-event.js';
import { startMetricsServer, type MetricsServer } from '../http/metrics-server.js';
import { addProcessMetrics } from '../http/process-metrics.js';
import { createEventQueue } from '../queue/event-queue.js';
import { createEventWorker, type EventWorker } from '../worker/event-worker.js';
import { createProcessor } from '../worker/processor.js';
import { createRedisContactLock } from '../stores/redis-contact-lock.js';
import { createWorkerRedis } from '../stores/redis-connections.js';
import { createRedisSaleMarkers } from '../queue/sale-markers.js';
import { createRedisIntentLog, createRedisLedger, createRedisTagCache } from '../stores/redis-stores.js';
import { createThrottle } from '../worker/throttle.js';
import { createWorkerMetrics } from '../worker/worker-metrics.js';

export interface WorkerProcess {
  worker: EventWorker;
  gateway: Gateway;
  /** The worker's own `/metrics` listener, when it has one. */
  metricsAddress?: string;
  reloadRules(): Promise<boolean>;
  /** Stops taking jobs, lets active ones finish, then closes Redis. */
  close(): Promise<void>;
}

export interface WorkerProcessOptions {
  config: Config;
  logger: Logger;
  /** Shared with the receiver when `start` runs both; then no listener of its own is opened. */
  registry?: Registry;
  /** How long a queued community membership may take to appear, ms. Default 60 s. */
  membershipSettleMs?: number;
  /** The action types rules may use. Default: the built-in ones. */
  actions?: ActionRegistry;
}

/** Composition root of the worker. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const { config, logger } = options;
  const rules = await createRulesSource({ path: config.worker.rulesFile, logger, ...(options.actions ? { actions: options.actions } : {}) });
  const bullRedis = createWorkerRedis(config.redis.url);
  const storeRedis = createWorkerRedis(config.redis.url);
  for (const client of [bullRedis, storeRedis]) {
    client.on('error', (err) => logger.warn({ err: { message: err.message } }, 'redis connection error'));
  }
  const prefix = config.redis.prefix;
  const registry = options.registry ?? new Registry();
  addProcessMetrics(registry);
  const metrics = createWorkerMetrics(registry);
  const queue = createEventQueue({ connection: bullRedis, prefix });
  queue.on('error', (err) => logger.warn({ err: { message: err.message } }, 'event queue error'));
  const throttle = createThrottle({ redis: storeRedis, prefix, ...config.api.rateLimit, queue, logger });
  const gateway = createGateway(
    gatewayOptionsFromConfig(config, {
      logger,
      // DRY_RUN: reads reach the API, writes are logged and not sent.
      ...(config.worker.dryRun
        ? {
            fetch: recordingFetch({
              read: (url, init) => globalThis.fetch(url, init),
              record: (call) => {
                if (call.method !== 'GET') logger.info({ call: call.text }, 'dry run: would call the API');
              },
              placeholders: createPlaceholders(),
            }),
          }
        : {}),
      beforeRequest: (_info, signal) => throttle.acquire(signal),
      onCall: (call) => {
        metrics.apiCalls.inc({ operation: call.operation, status: String(call.status) });
        throttle.observe(gateway.rateLimit());
      },
    }),
  );
  const ledger = createRedisLedger({ redis: storeRedis, prefix, ttlMs: config.worker.failedRetentionMs + 86_400_000 });
  const tagCache = createRedisTagCache({ redis: storeRedis, prefix });
  const intents = createRedisIntentLog({ redis: storeRedis, prefix });
  const sales = createRedisSaleMarkers({ redis: storeRedis, prefix, ttlMs: config.webhook.businessDedupeTtlMs });

  const processor = createProcessor({
    logger,
    lock: createRedisContactLock({ redis: storeRedis, prefix, logger }),
    metrics,
    throttle,
    handle: (event, context) =>
      handleEvent(event, {
        gateway,
        tagCache,
        intents,
        ledger,
        sales,
        dryRun: config.worker.dryRun,
        log: context.log,
        signal: context.signal,
        rules: rules.current,
        ...(options.membershipSettleMs === undefined ? {} : { membershipSettleMs: options.membershipSettleMs }),
        onAction: (report) => metrics.actions.inc({ type: report.type, outcome: report.outcome }),
      }),
  });
  const worker = createEventWorker({ connection: bullRedis, prefix, processor,
    concurrency: config.worker.concurrency,
    backoffMs: config.worker.backoffMs,
  });
  worker.on('error', (err) => logger.warn({ err: { message: err.message } }, 'worker error'));
  worker.on('failed', (job, err) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) logger.error({ jobId: job.id, err: { message: err.message } }, 'job failed for good');
  });

  let metricsServer: MetricsServer | undefined;
  if (!options.registry) metricsServer = await startMetricsServer(registry, config.worker.metricsPort, config.http.host, logger);
  const onHup = () => void rules.reload();
  process.on('SIGHUP', onHup);
  logger.info(
    { concurrency: config.worker.concurrency, dryRun: config.worker.dryRun, rateLimit: config.api.rateLimit, metrics: metricsServer?.address },
    'worker started',
  );
  return {
    worker,
    gateway,
    ...(metricsServer ? { metricsAddress: metricsServer.address } : {}),
    reloadRules: () => rules.reload(),
    async close() {
      process.off('SIGHUP', onHup);
      await worker.close();
      rules.close();
      await metricsServer?.close();
      await queue.close();
      await Promise.all([bullRedis, storeRedis].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
