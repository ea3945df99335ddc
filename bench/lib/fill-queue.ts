import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventType } from '../../src/events/event-types.js';
import { createEventQueue } from '../../src/queue/event-queue.js';
import { createIntake } from '../../src/queue/intake.js';
import { createProducerRedis } from '../../src/stores/redis-connections.js';
import type { BenchScope } from './bench-run.js';

/** Resolves to how many of the queue's jobs are done (completed or failed). */
export type DoneCount = () => Promise<number>;

/**
 * Queues `count` deliveries the way the receiver does, on `prefix`; `payload(i)` builds the i-th.
 * The queue and its Redis client are closed when the benchmark ends.
 */
export async function fillQueue(
  scope: BenchScope,
  redisUrl: string,
  prefix: string,
  count: number,
  event: EventType,
  payload: (i: number) => unknown,
): Promise<DoneCount> {
  const redis = createProducerRedis(redisUrl);
  const queue = createEventQueue({ connection: redis, prefix });
  scope.defer(`queue ${prefix}`, async () => {
    await queue.close();
    await redis.quit();
  });
  const intake = createIntake({ queue, redis, dedupeTtlMs: 3_600_000 });
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, (_, j) => {
        const id = randomUUID();
        const now = new Date().toISOString();
        return intake.enqueue({ event, messageId: id, eventTimestamp: now, receivedAt: now, schemaVersion: '1', route: 'single', payload: payload(i + j) }, id);
      }),
    );
  }
  return async () => {
    const counts = await queue.getJobCounts('completed', 'failed');
    return (counts.completed ?? 0) + (counts.failed ?? 0);
  };
}

/** Waits until `count` jobs are done; resolves to the seconds it took. */
export async function drain(done: DoneCount, count: number, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  while ((await done()) < count) {
    if (Date.now() - started > timeoutMs) throw new Error('events were not processed in time');
    await sleep(20);
  }
  return (Date.now() - started) / 1000;
}
