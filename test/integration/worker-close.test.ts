import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { drainWorker } from '../../src/worker/drain-worker.js';
import { createEventWorker } from '../../src/worker/event-worker.js';
import { createWorkerRedis } from '../../src/stores/redis-connections.js';
import { discardPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { infoInFlight } from '../helpers/info-in-flight.js';
import { unhandledDuring } from '../helpers/unhandled.js';

describe('stopping a worker that has just started', () => {
  const prefix = uniquePrefix('worker-close');
  afterAll(() => discardPrefix(prefix));

  // `work` stopped by a signal that came while it was starting closes its worker as soon as it
  // is built. BullMQ then asks the server for its version on the worker's second connection (the
  // one it blocks on); closed in the middle of that question, that connection's failure went to no
  // listener: an unhandled rejection, exit 1 instead of 0.
  it('leaves no unhandled rejection when the worker closes while its connections are being set up', async () => {
    const unhandled = await unhandledDuring(async () => {
      // BullMQ's close reaches that connection after a few awaits, so the moment is hit in about
      // one round in ten: a hundred rounds (about a second) make a miss all but impossible.
      for (let round = 0; round < 100; round += 1) {
        const redis = createWorkerRedis(testRedisUrl());
        redis.on('error', () => undefined);
        const worker = createEventWorker({ connection: redis, prefix, processor: (async () => ({})) as never, autorun: false });
        worker.on('error', () => undefined);
        const blocking = (worker as unknown as { blockingConnection: { _client: Redis } }).blockingConnection._client;
        // The moment: the blocking connection ready, BullMQ's INFO on it sent and not yet answered.
        await infoInFlight(blocking, 'ready');
        await drainWorker(worker, { stopping: new AbortController(), logger: pino({ level: 'silent' }) });
        await redis.quit();
      }
    });
    expect(unhandled).toEqual([]);
  });
});
