import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { problemsOf } from '../helpers/config-problems.js';
import { eventDelivery, fixtureBody, recentFixtureBody, withOrderItem } from '../helpers/deliveries.js';
import { redisClient, uniquePrefix } from '../helpers/redis.js';
import { serveTestReceiver, type ServedTestReceiver } from '../helpers/receiver-process.js';

const MASTER = 'whsec-sale-age-master-0123456789';
const DAY = 86_400_000;

// Nothing of a delivery is kept past DEDUPE_TTL: a sale's order item is remembered that long,
// and a SALE_NEW older than that is refused, so a replay cannot outlive the memory of it.
describe('sales and DEDUPE_TTL', () => {
  const prefix = uniquePrefix('sale-age');
  let receiver: ServedTestReceiver;
  beforeAll(async () => {
    receiver = await serveTestReceiver({ prefix, secret: MASTER, env: { DEDUPE_TTL: '7d' } });
  });
  afterAll(() => receiver.discard());

  const post = async (event: 'SALE_NEW' | 'SALE_CANCELED', body: Buffer) => {
    const { url, headers } = eventDelivery(MASTER, event, body);
    const response = await fetch(`${receiver.address}${url}`, { method: 'POST', body, headers });
    return { status: response.status, body: (await response.json()) as { status: string } };
  };

  it('refuses a SALE_NEW whose order item is older than DEDUPE_TTL as a replay, and queues nothing', async () => {
    const redis = redisClient();
    // No job and no dedupe key: what a queued delivery leaves in Redis.
    const stored = async () => ({ waiting: await redis.llen(`${prefix}:events:wait`), dedupe: (await redis.keys(`${prefix}:events:de:*`)).length });
    try {
      const before = await stored();
      const old = withOrderItem(recentFixtureBody('sale-new.json', new Date(Date.now() - 8 * DAY)), 91_001);
      expect(await post('SALE_NEW', old)).toEqual({ status: 200, body: { status: 'replayed' } });
      const line = receiver.logs.lines.find((entry) => entry.msg === 'replay not queued');
      expect(String(line?.reason)).toMatch(/SALE_NEW for order-item:91001 was created 8\.\d days ago, longer ago than DEDUPE_TTL/);
      expect(await stored()).toEqual(before);
    } finally {
      redis.disconnect();
    }
    // The recorded sale is from 2026-09-27: as sent again today, it is a replay too.
    expect((await post('SALE_NEW', withOrderItem(fixtureBody('sale-new.json'), 91_002))).body.status).toBe('replayed');
  });

  it('takes a sale made within DEDUPE_TTL, and a refund of an order of any age', async () => {
    const recent = withOrderItem(recentFixtureBody('sale-new.json', new Date(Date.now() - 6 * DAY)), 91_003);
    expect(await post('SALE_NEW', recent)).toMatchObject({ status: 202, body: { status: 'queued' } });
    // A refund months after the purchase is an ordinary cancellation.
    const refund = withOrderItem(recentFixtureBody('sale-new.json', new Date(Date.now() - 90 * DAY)), 91_004);
    expect(await post('SALE_CANCELED', refund)).toMatchObject({ status: 202, body: { status: 'queued' } });
  });

  it('keeps nothing of a sale longer than DEDUPE_TTL: its order item, its message marker, its cancellation', async () => {
    const body = withOrderItem(recentFixtureBody('sale-new.json'), 91_005);
    await post('SALE_NEW', body);
    await post('SALE_CANCELED', body);
    const redis = redisClient();
    try {
      // The queue's own keys are BullMQ's (below); the contact history has its own retention,
      // HISTORY_RETENTION, the operator's choice (docs/history.md).
      const keys = (await redis.keys(`${prefix}:*`)).filter((key) => !key.startsWith(`${prefix}:events:`) && !key.startsWith(`${prefix}:history:`));
      expect(keys.some((key) => key.includes(':sale-canceled:order-item:91005'))).toBe(true);
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl, key).toBeGreaterThan(0);
        expect(ttl, key).toBeLessThanOrEqual(7 * DAY);
      }
      // BullMQ's dedupe keys of the jobs (the order items) live under the queue's own keys.
      const dedupe = await redis.keys(`${prefix}:events:de:*`);
      expect(dedupe.length).toBeGreaterThanOrEqual(3);
      for (const key of dedupe) expect(await redis.pttl(key), key).toBeLessThanOrEqual(7 * DAY);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses the retired BUSINESS_DEDUPE_TTL with what to do instead', () => {
    expect(problemsOf(() => loadConfig({ BUSINESS_DEDUPE_TTL: '400d' }))).toEqual([expect.stringMatching(/^BUSINESS_DEDUPE_TTL: no longer read; .* raise DEDUPE_TTL if you want a longer window$/)]);
  });
});
