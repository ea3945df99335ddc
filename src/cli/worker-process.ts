import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { ActionRegistry } from '../actions/registry.js';
import type { Config } from '../config/load-config.js';
import { createRulesSource } from '../rules/rules-source.js';
import { createGateway, gatewayOptionsFromConfig, type Gateway } from '../gateway/index.js';
import { createPlaceholders } from '../gateway/recording/placeholders.js';
import { callForLog, recordingFetch } from '../gateway/recording/recording-fetch.js';
import { handleEvent } from '../handlers/handle-event.js';
import { createJobTracer } from '../history/job-tracer.js';
import { startMetricsServer, type MetricsServer } from '../http/metrics-server.js';
import { explainListenError } from './support/listen-error.js';
import { redisErrorLog } from './support/redis-advice.js';
import { addProcessMetrics } from '../http/process-metrics.js';
import { closeQueueAndConnection, createEventQueue } from '../queue/event-queue.js';
import { drainWorker } from '../worker/drain-worker.js';
import { historySecrets } from '../config/history-secrets.js';
import { closeRedis } from '../stores/close-redis.js';
import { createRedisHistory } from '../stores/redis-history.js';
import { createEventWorker, type EventWorker } from '../worker/event-worker.js';
import { createProcessor } from '../worker/processor.js';
import { createRedisContactLock } from '../stores/redis-contact-lock.js';
import { createWorkerRedis } from '../stores/redis-connections.js';
import { createRedisSaleMarkers } from '../queue/sale-markers.js';
import { createRedisEntitlementBuyers } from '../stores/redis-entitlement-buyers.js';
import { createLastScanStore } from './reconcile/last-scan.js';
import { createReconcileMetrics } from './reconcile/reconcile-metrics.js';
import { startReconcileSchedule, type ReconcileSchedule } from './reconcile/schedule.js';
import { createRedisIntentLog, createRedisLedger, createRedisTagCache } from '../stores/redis-stores.js';
import { createThrottle } from '../worker/throttle.js';
import { createWorkerMetrics } from '../worker/worker-metrics.js';

export interface WorkerProcess {
  worker: EventWorker;
  gateway: Gateway;
  /** The worker's own `/metrics` listener, when it has one. */
  metricsAddress?: string;
  reloadRules(): Promise<boolean>;
  /**
   * Stops taking jobs and ends every wait inside a reaction (those jobs go back to the queue);
   * lets requests in flight finish, then closes Redis. See docs/operations-shutdown.md.
   */
  close(options?: WorkerCloseOptions): Promise<void>;
}

export interface WorkerCloseOptions {
  /** After this long, requests still in flight are aborted too and their jobs put back. Default: never. */
  cancelAfterMs?: number;
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
  /** Delay before the first scheduled drift scan (RECONCILE_EVERY), ms. Default: a minute, or the period when shorter. */
  reconcileFirstAfterMs?: number;
}

/** Composition root of the worker. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const { config, logger } = options;
  const rules = await createRulesSource({ path: config.worker.rulesFile, logger, ...(options.actions ? { actions: options.actions } : {}) });
  const bullRedis = createWorkerRedis(config.redis.endpoint);
  // Without auto-pipelining: it saved socket writes only on a busy machine, and each command
  // waiting for the next turn of the event loop lengthened a job (docs/worker-performance.md).
  const storeRedis = createWorkerRedis(config.redis.endpoint);
  for (const client of [bullRedis, storeRedis]) {
    client.on('error', (err) => logger.warn(redisErrorLog(err, config.redis.endpoint), 'redis connection error'));
  }
  const prefix = config.redis.prefix;
  const registry = options.registry ?? new Registry();
  addProcessMetrics(registry);
  const metrics = createWorkerMetrics(registry);
  const queue = createEventQueue({ connection: bullRedis, prefix });
  queue.on('error', (err) => logger.warn({ err: { message: err.message } }, 'event queue error'));
  const closeConnections = async () => {
    await Promise.all([closeQueueAndConnection(queue, bullRedis), closeRedis(storeRedis)]);
  };
  // Listening first: a worker that cannot serve its metrics takes no job, and leaves nothing open.
  let metricsServer: MetricsServer | undefined;
  try {
    if (!options.registry) metricsServer = await startMetricsServer(registry, config.worker.metricsPort, config.http.host, logger);
  } catch (error) {
    rules.close();
    await closeConnections();
    throw explainListenError(error, { setting: 'METRICS_PORT', host: config.http.host, port: config.worker.metricsPort });
  }
  const throttle = createThrottle({ redis: storeRedis, prefix, ...config.api.rateLimit, marginPercent: config.api.rateMarginPercent, queue, logger });
  const tracer = createJobTracer();
  // Aborted on close: every wait (retry sleeps, rate-limit waits, settle loops) obeys it.
  const stopping = new AbortController();
  const orStopping = (signal: AbortSignal) => AbortSignal.any([signal, stopping.signal]);
  const gateway = createGateway(
    gatewayOptionsFromConfig(config, {
      logger,
      // DRY_RUN: reads reach the API, writes are logged and not sent.
      ...(config.worker.dryRun
        ? {
            fetch: recordingFetch({
              read: (url, init) => globalThis.fetch(url, init),
              record: (call) => {
                if (call.method !== 'GET') logger.info({ call: callForLog(call) }, 'dry run: would call the API');
              },
              placeholders: createPlaceholders(),
            }),
          }
        : {}),
      beforeRequest: (_info, signal) => throttle.acquire(orStopping(signal)),
      sleep: (ms, signal) => delay(ms, undefined, { signal: orStopping(signal) }),
      onCall: (call) => {
        metrics.apiCalls.inc({ operation: call.operation, status: String(call.status) });
        tracer.onApiCall(call);
        throttle.observe(gateway.rateLimit());
        metrics.observeQuota(throttle.quota());
      },
    }),
  );
  const ledger = createRedisLedger({ redis: storeRedis, prefix, ttlMs: config.worker.failedRetentionMs + 86_400_000 });
  const tagCache = createRedisTagCache({ redis: storeRedis, prefix });
  const intents = createRedisIntentLog({ redis: storeRedis, prefix });
  const sales = createRedisSaleMarkers({ redis: storeRedis, prefix });
  const buyers = createRedisEntitlementBuyers({ redis: storeRedis, prefix });

  const history =
    config.history.retentionMs > 0
      ? { writer: createRedisHistory({ redis: storeRedis, prefix, ...config.history, secrets: historySecrets(config) }), tracer }
      : undefined;

  const processor = createProcessor({
    logger,
    stopping: stopping.signal,
    history,
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
        buyers,
        dryRun: config.worker.dryRun,
        log: context.log,
        signal: context.signal,
        stopping: context.stopping,
        trace: context.trace,
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

  let reconcile: ReconcileSchedule | undefined;
  if (config.worker.reconcileEveryMs > 0) {
    const lastScan = createLastScanStore({ redis: storeRedis, prefix });
    reconcile = startReconcileSchedule({
      everyMs: config.worker.reconcileEveryMs,
      ...(options.reconcileFirstAfterMs === undefined ? {} : { firstAfterMs: options.reconcileFirstAfterMs }),
      redis: storeRedis,
      prefix,
      gateway,
      rules: rules.current,
      buyers,
      lastScan,
      metrics: createReconcileMetrics(registry, () => lastScan.read()),
      logger,
    });
  }

  const onHup = () => void rules.reload();
  process.on('SIGHUP', onHup);
  logger.info(
    { concurrency: config.worker.concurrency, dryRun: config.worker.dryRun, rateLimit: config.api.rateLimit ?? `learned from the API, less ${config.api.rateMarginPercent} %`, metrics: metricsServer?.address },
    'worker started',
  );
  return {
    worker,
    gateway,
    ...(metricsServer ? { metricsAddress: metricsServer.address } : {}),
    reloadRules: () => rules.reload(),
    async close(closeOptions = {}) {
      process.off('SIGHUP', onHup);
      await reconcile?.close();
      await drainWorker(worker, { stopping, logger, cancelAfterMs: closeOptions.cancelAfterMs });
      rules.close();
      await metricsServer?.close();
      await closeConnections();
    },
  };
}
