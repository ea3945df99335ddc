import { afterAll, describe, expect, it } from 'vitest';
import { createRedisContactLock } from '../../src/workers/redis-contact-lock.js';
import { createRedisRateLimiter } from '../../src/workers/redis-rate-limiter.js';
import { createRedisLedger, createRedisTagCache } from '../../src/workers/redis-stores.js';
import { deletePrefix, redisClient, uniquePrefix } from '../helpers/redis.js';
import { monitorLag } from '../helpers/scheduling-lag.js';
import { waitFor } from '../helpers/wait-for.js';

const redis = redisClient();
const prefix = uniquePrefix('stores');
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('Redis-backed worker stores', () => {
  it('lets one job at a time work on a contact, across lock instances', async () => {
    const first = createRedisContactLock({ redis, prefix });
    const second = createRedisContactLock({ redis, prefix });
    let release: (() => void) | undefined;
    const holding = first.withLock(42, () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    await waitFor(async () => ((await redis.exists(`${prefix}:lock:contact:42`)) === 1 ? true : undefined), 10_000);
    expect(await second.withLock(42, async () => 'second')).toEqual({ ran: false });
    expect(await second.withLock(43, async () => 'other contact')).toEqual({ ran: true, value: 'other contact' });
    release!();
    expect(await holding).toEqual({ ran: true, value: 'first' });
    expect(await second.withLock(42, async () => 'after')).toEqual({ ran: true, value: 'after' });
  });

  it('grants at most max calls per window to every process together, and holds everyone during a pause', async () => {
    const limiterPrefix = `${prefix}:rl`;
    const limiters = [1, 2, 3].map(() => createRedisRateLimiter({ redis, prefix: limiterPrefix, max: 4, durationMs: 300, marginMs: 0 }));
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
    const paused = createRedisRateLimiter({ redis, prefix: pausedPrefix, max: 100, durationMs: 1000 });
    // Taken before the pause starts, so a slow machine can only lengthen what is measured.
    const started = Date.now();
    await paused.pauseFor(150);
    await paused.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('remembers done actions per message and shares tag ids with one creator at a time', async () => {
    const ledger = createRedisLedger({ redis, prefix, ttlMs: 60_000 });
    await ledger.mark('m1', 'rule#0');
    await ledger.mark('m1', 'rule#2');
    expect([...(await ledger.done('m1'))].sort()).toEqual(['rule#0', 'rule#2']);
    expect(await ledger.done('m2')).toEqual(new Set());

    const cache = createRedisTagCache({ redis, prefix });
    expect(await cache.get('Customers')).toBeUndefined();
    const release = await cache.lockCreation('Customers');
    expect(release).toBeTypeOf('function');
    expect(await cache.lockCreation('Customers')).toBeUndefined();
    await cache.set('Customers', 11);
    await release!();
    expect(await cache.get('Customers')).toBe(11);
    await cache.forget('Customers');
    expect(await cache.get('Customers')).toBeUndefined();
  });
});
