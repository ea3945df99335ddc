import { afterAll, describe, expect, it } from 'vitest';
import { createRedisContactLock } from '../../src/stores/redis-contact-lock.js';
import { createRedisRateLimiter } from '../../src/stores/redis-rate-limiter.js';
import { createRedisLedger, createRedisTagCache } from '../../src/stores/redis-stores.js';
import { deletePrefix, redisClient, uniquePrefix } from '../helpers/redis.js';

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
    let release!: () => void;
    const holding = first.withLock(42, () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await second.withLock(42, async () => 'second')).toEqual({ ran: false });
    expect(await second.withLock(43, async () => 'other contact')).toEqual({ ran: true, value: 'other contact' });
    release();
    expect(await holding).toEqual({ ran: true, value: 'first' });
    expect(await second.withLock(42, async () => 'after')).toEqual({ ran: true, value: 'after' });
  });

  it('grants at most max calls per window to every process together, and holds everyone during a pause', async () => {
    const limiterPrefix = `${prefix}:rl`;
    const limiters = [1, 2, 3].map(() => createRedisRateLimiter({ redis, prefix: limiterPrefix, max: 4, durationMs: 300, marginMs: 0 }));
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => limiters[i % 3]!.acquire().then(() => granted.push(Date.now()))),
    );
    granted.sort((a, b) => a - b);
    for (let i = 4; i < granted.length; i++) expect(granted[i]! - granted[i - 4]!).toBeGreaterThanOrEqual(290);

    const pausedPrefix = `${prefix}:rl2`;
    const paused = createRedisRateLimiter({ redis, prefix: pausedPrefix, max: 100, durationMs: 1000 });
    await paused.pauseFor(150);
    const started = Date.now();
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
