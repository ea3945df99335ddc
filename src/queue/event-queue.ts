import { Queue, type ConnectionOptions } from 'bullmq';
import type { JobData } from '../events/job-data.js';
import type { RedisClient } from '../stores/redis-connections.js';
import { closeRedis } from '../stores/close-redis.js';
import { setupSettled } from './setup-settled.js';

export const EVENT_QUEUE = 'events';

export interface EventQueueOptions {
  connection: ConnectionOptions;
  /** Redis key prefix. Default `systeme-hooks`. */
  prefix: string;
  /** Attempts before a job is failed for good. Default 10. */
  attempts?: number;
  /** How long failed jobs are kept, ms. Default 30 days. */
  failedRetentionMs?: number;
}

export type EventQueue = Queue<JobData, unknown, string>;

/** The queue of accepted deliveries, with the retry and retention policy every producer shares. */
export function createEventQueue(options: EventQueueOptions): EventQueue {
  return new Queue<JobData, unknown, string>(EVENT_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: {
      attempts: options.attempts ?? 10,
      // `retry-backoff` is the worker's strategy (capped exponential with jitter, over hours).
      backoff: { type: 'retry-backoff' },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: Math.round((options.failedRetentionMs ?? 30 * 86_400_000) / 1000) },
    },
  });
}

/** Closes the queue once its setup has ended (`setupSettled`), at most `settleMs` after the call. */
export async function closeEventQueue(queue: EventQueue, settleMs = 2000): Promise<void> {
  await setupSettled(queue, settleMs);
  await queue.close();
}

/**
 * `closeEventQueue`, then the connection it was given (`closeRedis`).
 * A setup still going after `settleMs` (Redis away, or refusing the password) ends only when the
 * connection does, and BullMQ reports that to the queue's listeners only while it is open: the
 * connection goes first then, and its failure reaches the queue's `error` listeners instead of
 * ending the process as an unhandled `error` event.
 */
export async function closeQueueAndConnection(queue: EventQueue, redis: RedisClient, settleMs?: number): Promise<void> {
  if (!(await setupSettled(queue, settleMs))) {
    redis.disconnect();
    await setupSettled(queue, 1000);
  }
  await queue.close();
  await closeRedis(redis);
}

