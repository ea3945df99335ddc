import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { Config } from '../config/load-config.js';
import { buildApp, type AppDeps } from '../http/app.js';
import { addProcessMetrics } from '../http/process-metrics.js';
import { createReceiverMetrics } from '../http/receiver-metrics.js';
import { createProducerRedis, type RedisClient } from '../stores/redis-connections.js';
import { closeQueueAndConnection, type EventQueue } from '../queue/event-queue.js';
import { createReceiverIntake } from '../queue/receiver-intake.js';
import { historySecrets } from '../config/history-secrets.js';
import { createRedisHistory } from '../stores/redis-history.js';
import { retryFailedJob } from '../queue/retry-failed.js';
import type { HistoryReader } from '../history/history-store.js';
import type { Intake } from '../queue/intake-port.js';
import { explainListenError } from './support/listen-error.js';
import { redisErrorLog } from './support/redis-advice.js';

export interface ReceiverProcess {
  app: FastifyInstance;
  address: string;
  /** Stops intake (finishing in-flight requests), then closes the queue and Redis. */
  close(): Promise<void>;
}

export interface ReceiverProcessOptions {
  config: Config;
  logger: Logger;
  /** Shared with the worker when `start` runs both. */
  registry?: Registry;
  plugins?: AppDeps['plugins'];
}

/**
 * Everything under `/admin`, behind the admin guard. Loaded only when enabled: Bull Board and
 * its UI cost memory on every receiver otherwise.
 */
async function adminPages(token: string, queue: EventQueue, history: HistoryReader | undefined): Promise<NonNullable<AppDeps['plugins']>[number]> {
  const { adminPlugin } = await import('../http/admin-plugin.js');
  const { queueBoardMount } = await import('../http/admin-board.js');
  // The contact history page at /admin, only while the history is kept.
  const historyPage = history ? [(await import('../http/admin-history.js')).historyPageMount({ queue, history, retry: retryFailedJob })] : [];
  return adminPlugin({ token, mounts: [queueBoardMount({ queue }), ...historyPage] });
}

/** Composition root of the receiver: creates what it needs, listens, and closes in order. */
export async function startReceiverProcess(options: ReceiverProcessOptions): Promise<ReceiverProcess> {
  const { config, logger } = options;
  const redis = createProducerRedis(config.redis.endpoint);
  redis.on('error', (err) => logger.warn(redisErrorLog(err, config.redis.endpoint), 'redis connection error'));
  const { queue, intake } = createReceiverIntake({
    redis,
    prefix: config.redis.prefix,
    dedupeTtlMs: config.webhook.dedupeTtlMs,
    attempts: config.worker.attempts,
    failedRetentionMs: config.worker.failedRetentionMs,
    ackReplicas: config.redis.ackReplicas,
    ackTimeoutMs: config.redis.ackTimeoutMs,
  });
  queue.on('error', (err) => logger.warn({ err: { message: err.message } }, 'event queue error'));
  try {
    return await listenWith({ ...options, redis, queue, intake });
  } catch (error) {
    // A receiver that cannot start leaves nothing open behind it: the process exits with the error.
    await closeQueueAndConnection(queue, redis);
    throw explainListenError(error, { setting: 'PORT', host: config.http.host, port: config.http.port });
  }
}

/** The app over the opened queue, listening: everything of a start that can fail after connecting. */
async function listenWith(
  options: ReceiverProcessOptions & { redis: RedisClient; queue: EventQueue; intake: Intake },
): Promise<ReceiverProcess> {
  const { config, logger, redis, queue, intake } = options;
  const history =
    config.history.retentionMs > 0
      ? createRedisHistory({ redis, prefix: config.redis.prefix, ...config.history, secrets: historySecrets(config) })
      : undefined;
  const registry = options.registry ?? new Registry();
  addProcessMetrics(registry);
  const metrics = createReceiverMetrics({ registry, queueCounts: () => intake.counts() });
  const app = await buildApp({
    logger,
    intake,
    registry,
    metrics,
    secrets: config.webhook.secrets,
    bodyLimit: config.webhook.bodyLimit,
    requestTimeoutMs: config.http.requestTimeoutMs,
    allowSingleSecretRoute: config.webhook.allowSingleSecretRoute,
    history,
    // The admin pages (queue dashboard, contact history) exist only when ADMIN_TOKEN is set.
    plugins: [...(options.plugins ?? []), ...(config.adminToken ? [await adminPages(config.adminToken, queue, history)] : [])],
  });
  if (config.webhook.allowSingleSecretRoute) {
    logger.warn(
      { route: '/webhooks/systeme' },
      'ALLOW_SINGLE_SECRET_ROUTE is on: one secret signs every event there, so a captured body could be sent again as another event ' +
        '(a body already accepted as one event is refused as another). Register per-event webhooks (systeme-hooks webhook register) ' +
        'and unset it; see docs/security.md',
    );
  }
  const address = await app.listen({ port: config.http.port, host: config.http.host }).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  app.server.maxConnections = config.http.maxConnections;
  logger.info({ address, secretCount: config.webhook.secrets.length }, 'receiver listening');
  return {
    app,
    address,
    async close() {
      await app.close();
      await closeQueueAndConnection(queue, redis);
    },
  };
}
