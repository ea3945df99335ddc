import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { closeQueueAndConnection, createEventQueue } from '../../src/queue/event-queue.js';
import { createProducerRedis } from '../../src/stores/redis-connections.js';
import { discardPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { infoInFlight } from '../helpers/info-in-flight.js';
import { unhandledDuring } from '../helpers/unhandled.js';

describe('stopping the event queue and its connection', () => {
  const prefix = uniquePrefix('queue-close');
  afterAll(() => discardPrefix(prefix));

  // A receiver stopped while its connection was still being set up (connected, not yet ready):
  // ioredis sends a QUIT at once, and BullMQ asks the server for its version once the connection
  // is ready, just before the QUIT closes it. That question failed with no listener left.
  it('leaves no unhandled rejection when the stop comes while the connection is being set up', async () => {
    const unhandled = await unhandledDuring(async () => {
      for (let round = 0; round < 5; round += 1) {
        const redis = createProducerRedis(testRedisUrl());
        redis.on('error', () => undefined);
        const queue = createEventQueue({ connection: redis, prefix });
        queue.on('error', () => undefined);
        // The moment: connected, ioredis' own INFO (its ready check) sent and not yet answered.
        await infoInFlight(redis, 'connect');
        await closeQueueAndConnection(queue, redis);
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
