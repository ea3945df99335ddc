import { afterAll, describe, expect, it } from 'vitest';
import { createEventQueue } from '../../src/queue/event-queue.js';
import { createThrottle } from '../../src/worker/throttle.js';
import { deletePrefix, redisClient, uniquePrefix } from '../helpers/redis.js';
import { monitorLag } from '../helpers/scheduling-lag.js';
import { waitFor } from '../helpers/wait-for.js';

const redis = redisClient();
const prefix = uniquePrefix('throttle');
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** How long every process is held back, ms (0: not at all). */
const pausedMs = async (keyPrefix: string) => Math.max(0, await redis.pttl(`${keyPrefix}:api-rate:pause`));

describe('the throttle: one API quota for every worker', () => {
  it('grants at most max calls per window to every process together, and holds everyone during a pause', async () => {
    const limiterPrefix = `${prefix}:rl`;
    const limiters = [1, 2, 3].map(() => createThrottle({ redis, prefix: limiterPrefix, max: 4, durationMs: 300, marginMs: 0 }));
    const granted: number[] = [];
    const lag = monitorLag();
    const asked = Date.now();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => limiters[i % 3]!.acquire().then(() => granted.push(Date.now()))),
    );
    // Grants are decided on Redis' clock and seen here a little later; an earlier grant seen late
    // shortens the gap observed, by at most how late this process ran.
    const lateMs = lag.stop();
    granted.sort((a, b) => a - b);
    for (let i = 4; i < granted.length; i++) expect(granted[i]! - granted[i - 4]!).toBeGreaterThanOrEqual(290 - lateMs);
    // However late anything was seen: the k-th group of four cannot come before k windows passed.
    for (let i = 0; i < granted.length; i++) expect(granted[i]! - asked).toBeGreaterThanOrEqual(300 * Math.floor(i / 4));

    const pausedPrefix = `${prefix}:rl2`;
    const paused = createThrottle({ redis, prefix: pausedPrefix, max: 100, durationMs: 1000 });
    // Taken before the pause starts, so a slow machine can only lengthen what is measured.
    const started = Date.now();
    await paused.pauseFor(150);
    await paused.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds every process back until the refill when an answer says the quota is spent', async () => {
    const spent = `${prefix}:spent`;
    const throttle = createThrottle({ redis, prefix: spent, max: 100, durationMs: 1000 });
    throttle.observe({ limit: 10, remaining: 3, refillSeconds: 60, at: Date.now() });
    throttle.observe({ limit: 10, remaining: 0, refillSeconds: 60, at: Date.now() - 5_000 });
    throttle.observe(undefined);
    expect(await pausedMs(spent)).toBe(0);
    throttle.observe({ limit: 10, remaining: 0, refillSeconds: 60, at: Date.now() });
    expect(await waitFor(async () => ((await pausedMs(spent)) > 0 ? pausedMs(spent) : undefined))).toBeGreaterThan(30_000);
  });

  it('holds every process and the queue back after a 429', async () => {
    const limited = `${prefix}:limited`;
    const queue = createEventQueue({ connection: redis, prefix: limited });
    try {
      const throttle = createThrottle({ redis, prefix: limited, max: 100, durationMs: 1000, queue });
      await throttle.pauseFor(60_000);
      expect(await pausedMs(limited)).toBeGreaterThan(30_000);
      expect(await queue.getRateLimitTtl()).toBeGreaterThan(30_000);
      // A shorter pause never cuts a longer one short.
      await throttle.pauseFor(10);
      expect(await pausedMs(limited)).toBeGreaterThan(30_000);
    } finally {
      await queue.close();
    }
  });
});
