import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { Config } from '../config/load-config.js';
import { buildApp, type AppDeps } from '../http/app.js';
import { addProcessMetrics } from '../http/process-metrics.js';
import { createReceiverMetrics } from '../http/receiver-metrics.js';
import { createProducerRedis } from '../stores/redis-connections.js';
import { createReceiverIntake } from '../queue/receiver-intake.js';

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

/** Composition root of the receiver: creates what it needs, listens, and closes in order. */
export async function startReceiverProcess(options: ReceiverProcessOptions): Promise<ReceiverProcess> {
  const { config, logger } = options;
  const redis = createProducerRedis(config.redis.url);
  redis.on('error', (err) => logger.warn({ err: { message: err.message } }, 'redis connection error'));
  const { queue, intake } = createReceiverIntake({
    redis,
    prefix: config.redis.prefix,
    dedupeTtlMs: config.webhook.dedupeTtlMs,
    businessDedupeTtlMs: config.webhook.businessDedupeTtlMs,
    attempts: config.worker.attempts,
    failedRetentionMs: config.worker.failedRetentionMs,
  });
  queue.on('error', (err) => logger.warn({ err: { message: err.message } }, 'event queue error'));
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
    // The queue dashboard exists only when ADMIN_TOKEN is set.
    plugins: [
      ...(options.plugins ?? []),
      // Loaded only when enabled: Bull Board and its UI cost memory on every receiver otherwise.
      ...(config.adminToken
        ? [(await import('../http/admin-board.js')).adminBoardPlugin({ queue, token: config.adminToken })]
        : []),
    ],
  });
  const address = await app.listen({ port: config.http.port, host: config.http.host });
  app.server.maxConnections = config.http.maxConnections;
  logger.info({ address, secretCount: config.webhook.secrets.length }, 'receiver listening');
  return {
    app,
    address,
    async close() {
      await app.close();
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
