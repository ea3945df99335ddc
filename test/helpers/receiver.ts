import { once } from 'node:events';
import { Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp, type AppDeps } from '../../src/http/app.js';
import { createReceiverMetrics } from '../../src/http/receiver-metrics.js';
import { closeQueueAndConnection, type EventQueue } from '../../src/queue/event-queue.js';
import { createProducerRedis } from '../../src/stores/redis-connections.js';
import { createReceiverIntake } from '../../src/queue/receiver-intake.js';
import type { HistoryStore } from '../../src/history/history-store.js';
import { createRedisHistory } from '../../src/stores/redis-history.js';
import { captureLogger, type CapturedLogs } from './log-capture.js';
import { discardPrefix, testRedisUrl } from './redis.js';

export interface TestReceiver {
  app: FastifyInstance;
  history: HistoryStore | undefined;
  queue: EventQueue;
  redis: Redis;
  logs: CapturedLogs;
  registry: Registry;
  close(): Promise<void>;
  /** Closes it and deletes every Redis key under its prefix (a test's clean-up). */
  discard(): Promise<void>;
}

export interface TestReceiverOptions extends Partial<Pick<AppDeps, 'bodyLimit' | 'allowSingleSecretRoute' | 'requestTimeoutMs'>> {
  prefix: string;
  secrets: string[];
  redisUrl?: string;
  dedupeTtlMs?: number;
  intakeTimeoutMs?: number;
  /** Extra app plugins, given the receiver's queue and history (e.g. the queue dashboard). */
  plugins?: (queue: EventQueue, history: HistoryStore | undefined) => NonNullable<AppDeps['plugins']>;
  /** Record deliveries in the contact history, as `serve` does with HISTORY_RETENTION > 0. */
  history?: { retentionMs: number; maxPerContact: number };
}

/** The receiver as `serve` composes it, on a test's own queue prefix. */
export async function startTestReceiver(options: TestReceiverOptions): Promise<TestReceiver> {
  const { logger, logs } = captureLogger('info');
  const redis = createProducerRedis(options.redisUrl ?? testRedisUrl());
  redis.on('error', () => undefined);
  // The queue's first commands go out as soon as it is built; on a busy machine a fail-fast
  // producer that is not connected yet would refuse them (serve waits for Redis the same way).
  if (redis.status !== 'ready') await once(redis, 'ready');
  const { queue, intake } = createReceiverIntake({
    redis,
    prefix: options.prefix,
    dedupeTtlMs: options.dedupeTtlMs ?? 60_000,
    ...(options.intakeTimeoutMs ? { timeoutMs: options.intakeTimeoutMs } : {}),
  });
  queue.on('error', () => undefined);
  const history = options.history ? createRedisHistory({ redis, prefix: options.prefix, ...options.history, secrets: options.secrets }) : undefined;
  const registry = new Registry();
  const metrics = createReceiverMetrics({ registry, queueCounts: () => intake.counts() });
  const app = await buildApp({
    logger,
    intake,
    registry,
    metrics,
    secrets: options.secrets,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.allowSingleSecretRoute === undefined ? {} : { allowSingleSecretRoute: options.allowSingleSecretRoute }),
    ...(options.plugins ? { plugins: options.plugins(queue, history) } : {}),
    history,
  });
  const receiver: TestReceiver = {
    app,
    history,
    queue,
    redis,
    logs,
    registry,
    async close() {
      await app.close();
      await closeQueueAndConnection(queue, redis);
    },
    async discard() {
      await receiver.close();
      await discardPrefix(options.prefix);
    },
  };
  return receiver;
}
