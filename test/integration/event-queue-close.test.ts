import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { closeQueueAndConnection, createEventQueue } from '../../src/queue/event-queue.js';
import { createProducerRedis } from '../../src/stores/redis-connections.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { unhandledDuring } from '../helpers/unhandled.js';

describe('stopping the event queue and its connection', () => {
  const prefix = uniquePrefix('queue-close');
  afterAll(async () => {
    const redis = redisClient();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  // A receiver stopped while its connection was still being set up (connected, not yet ready):
  // ioredis sends a QUIT at once, and BullMQ asks the server for its version once the connection
  // is ready, just before the QUIT closes it. That question failed with no listener left.
  it('leaves no unhandled rejection when the stop comes while the connection is being set up', async () => {
    const unhandled = await unhandledDuring(async () => {
      for (let round = 0; round < 5; round += 1) {
        const redis = createProducerRedis(testRedisUrl());
        redis.on('error', () => undefined);
        // The moment: connected, ioredis' own INFO (its ready check) sent and not yet answered.
        const internals = redis as unknown as { commandQueue: { toArray(): { command: { name: string } }[] } };
        const readyCheckSent = () => redis.status === 'connect' && internals.commandQueue.toArray().some((item) => item.command.name === 'info');
        const stopped = new Promise<void>((resolve, reject) => {
          redis.once('connect', function stopOnceReadyCheckSent() {
            if (!readyCheckSent()) return void setImmediate(stopOnceReadyCheckSent);
            void closeQueueAndConnection(queue, redis).then(resolve, reject);
          });
        });
        const queue = createEventQueue({ connection: redis, prefix });
        queue.on('error', () => undefined);
        await stopped;
        if (redis.status !== 'end') await once(redis, 'end');
      }
    });
    expect(unhandled).toEqual([]);
  });

  it('stops, without an unhandled rejection, when Redis never answered', async () => {
    const unhandled = await unhandledDuring(async () => {
      // Port 1 on loopback: nothing listens, every connect is refused.
      const redis = createProducerRedis('redis://127.0.0.1:1');
      const errors: string[] = [];
      redis.on('error', (error: Error) => errors.push(error.message));
      const queue = createEventQueue({ connection: redis, prefix });
      queue.on('error', () => undefined);
      while (errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await closeQueueAndConnection(queue, redis, 300);
    });
    expect(unhandled).toEqual([]);
  });
});
