import { afterAll, describe, expect, it } from 'vitest';
import { createRedisContactLock } from '../../src/stores/redis-contact-lock.js';
import { COMPLETED_LEDGER_MS, createRedisLedger, createRedisTagCache } from '../../src/stores/redis-stores.js';
import { deletePrefix, redisClient, uniquePrefix } from '../helpers/redis.js';
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

  it("keeps a message's ledger as long as failed jobs while it can be retried, and minutes once it completed", async () => {
    const day = 86_400_000;
    const ledger = createRedisLedger({ redis, prefix: `${prefix}:life`, ttlMs: 31 * day });
    const ttl = (messageId: string) => redis.pttl(`${prefix}:life:done:${messageId}`);
    await ledger.mark('kept', 'rule#0');
    expect(await ttl('kept')).toBeGreaterThan(30 * day);
    await ledger.mark('settled', 'rule#0');
    await ledger.complete('settled');
    expect(await ttl('settled')).toBeGreaterThan(0);
    expect(await ttl('settled')).toBeLessThanOrEqual(COMPLETED_LEDGER_MS);
    // What it recorded is still there for a re-run of the job in that time.
    expect(await ledger.done('settled')).toEqual(new Set(['rule#0']));
    // A message that marked nothing leaves nothing behind.
    await ledger.complete('nothing');
    expect(await redis.exists(`${prefix}:life:done:nothing`)).toBe(0);
    // Completing twice never lengthens it again.
    await redis.pexpire(`${prefix}:life:done:settled`, 1_000);
    await ledger.complete('settled');
    expect(await ttl('settled')).toBeLessThanOrEqual(1_000);
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
