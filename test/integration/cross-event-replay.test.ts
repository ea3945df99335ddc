import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { eventDelivery, fixtureBody, recentFixtureBody, signedHeaders, withOrderItem } from '../helpers/deliveries.js';
import { serveTestReceiver, type ServedTestReceiver } from '../helpers/receiver-process.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { discardPrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const MASTER = 'whsec-replay-master-0123456789';
const saleBody = (orderItem: number) => withOrderItem(recentFixtureBody('sale-new.json'), orderItem);

// The attack of the finding: a captured, correctly signed SALE_NEW body sent again with
// `X-Webhook-Event: SALE_CANCELED` and a fresh message id (signedHeaders makes a new one each call).
describe('a captured SALE_NEW body replayed as SALE_CANCELED', () => {
  const prefix = uniquePrefix('replay-default');
  let receiver: ServedTestReceiver;
  beforeAll(async () => {
    receiver = await serveTestReceiver({ prefix, secret: MASTER });
  });
  afterAll(() => receiver.discard());

  it('reaches no route with the default configuration: the single-secret route is off', async () => {
    const body = saleBody(7001);
    const post = (url: string, event: string) =>
      fetch(`${receiver.address}${url}`, { method: 'POST', body, headers: signedHeaders(body, MASTER, event) });
    expect((await post('/webhooks/systeme', 'SALE_NEW')).status).toBe(404);
    expect((await post('/webhooks/systeme', 'SALE_CANCELED')).status).toBe(404);
    // The master secret opens no per-event route either.
    expect((await post('/webhooks/systeme/sale-canceled', 'SALE_CANCELED')).status).toBe(401);

    const redis = redisClient();
    try {
      expect(await redis.keys(`${prefix}:sale-canceled:*`)).toEqual([]);
      // No job and no dedupe key: nothing was queued.
      expect(await redis.llen(`${prefix}:events:wait`)).toBe(0);
      expect(await redis.keys(`${prefix}:events:de:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
    expect(receiver.logs.lines.some((line) => String(line.msg).includes('ALLOW_SINGLE_SECRET_ROUTE is on'))).toBe(false);
  });
});

describe('with ALLOW_SINGLE_SECRET_ROUTE=true', () => {
  const prefix = uniquePrefix('replay-single');
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startTestReceiver({ prefix, secrets: [MASTER], allowSingleSecretRoute: true });
  });
  afterAll(() => receiver.discard());

  const post = (body: Buffer, event: string, headers = signedHeaders(body, MASTER, event)) =>
    receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers });
  const stored = async () => (await receiver.queue.getJobs(['waiting', 'delayed', 'active', 'failed', 'completed'])).length;
  const cancelled = async (orderItem: number) => (await receiver.redis.exists(`${prefix}:sale-canceled:order-item:${orderItem}`)) === 1;

  it('refuses a body already accepted as SALE_NEW when it comes back as SALE_CANCELED, and cancels nothing', async () => {
    const body = saleBody(7101);
    const original = signedHeaders(body, MASTER, 'SALE_NEW');
    const first = await post(body, 'SALE_NEW', original);
    expect(first.statusCode).toBe(202);
    const before = await stored();

    const replayed = await post(body, 'SALE_CANCELED');
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json()).toEqual({ status: 'replayed' });
    expect(await stored()).toBe(before);
    expect(await cancelled(7101)).toBe(false);
    const warning = receiver.logs.lines.findLast((line) => line.msg === 'replay not queued');
    expect(warning).toMatchObject({ event: 'SALE_CANCELED', outcome: 'replayed', reason: 'this body was already accepted as SALE_NEW' });

    // A redelivery of the original (same event, same message id) is still a plain duplicate.
    expect((await post(body, 'SALE_NEW', original)).json()).toMatchObject({ status: 'duplicate' });
  });

  it('binds every event type, not only sales: a CONTACT_CREATED body is refused as CONTACT_OPT_IN', async () => {
    const body = Buffer.from(fixtureBody('contact-created.json').toString().replace('"id":12345', '"id":7201'));
    expect((await post(body, 'CONTACT_CREATED')).statusCode).toBe(202);
    expect((await post(body, 'CONTACT_OPT_IN')).json()).toEqual({ status: 'replayed' });
    expect((await post(body, 'CONTACT_TAG_REMOVED')).json()).toEqual({ status: 'replayed' });
  });

  it('lets one event win when the same body arrives as two at once', async () => {
    const bodies = Array.from({ length: 10 }, (_, i) => saleBody(7300 + i));
    const answers = await Promise.all(bodies.flatMap((body) => [post(body, 'SALE_NEW'), post(body, 'SALE_CANCELED')]));
    for (let i = 0; i < bodies.length; i++) {
      const pair = [answers[2 * i]!.json<{ status: string }>().status, answers[2 * i + 1]!.json<{ status: string }>().status].sort();
      expect(pair).toEqual(['queued', 'replayed']);
    }
  });
});

describe('a cancellation that is not one', () => {
  const prefix = uniquePrefix('replay-schema');
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startTestReceiver({ prefix, secrets: [MASTER] });
  });
  afterAll(() => receiver.discard());

  it('marks no order item cancelled before its payload passed the SALE_CANCELED schema', async () => {
    const post = (event: 'SALE_NEW' | 'SALE_CANCELED', body: Buffer) =>
      receiver.app.inject({ method: 'POST', payload: body, ...eventDelivery(MASTER, event, body) });
    // Authentic, names an order item, but no contact: stored for a replay, not believed.
    const notACancellation = Buffer.from('{"orderItem":{"id":7401},"customer":{"email":"x@example.com"}}');
    const stored = await post('SALE_CANCELED', notACancellation);
    expect(stored.statusCode).toBe(202);
    expect(receiver.logs.lines.findLast((line) => line.outcome === 'invalid_payload')).toMatchObject({ event: 'SALE_CANCELED' });
    expect(await receiver.redis.exists(`${prefix}:sale-canceled:order-item:7401`)).toBe(0);

    // So the sale of that order item is still taken.
    const sale = await post('SALE_NEW', saleBody(7401));
    expect(sale.json()).toMatchObject({ status: 'queued' });

    // A real cancellation is remembered as before.
    expect((await post('SALE_CANCELED', saleBody(7402))).statusCode).toBe(202);
    expect(await receiver.redis.exists(`${prefix}:sale-canceled:order-item:7402`)).toBe(1);
  });
});

describe('serve and start while the single-secret route is on', () => {
  const running: RunningCli[] = [];
  const prefix = uniquePrefix('replay-warn');
  afterEach(async () => {
    for (const cli of running.splice(0)) await cli.stop('SIGKILL');
  });
  afterAll(() => discardPrefix(prefix));

  const base = {
    REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'info',
    SYSTEME_WEBHOOK_SECRET: MASTER,
  };

  it.each([
    ['serve', {}],
    ['start', {
      SYSTEME_API_KEY: 'warn-test-api-key', SYSTEME_API_URL: 'http://127.0.0.1:9',
      RULES_FILE: fileURLToPath(new URL('../../rules.example.yaml', import.meta.url)),
    }],
  ] as const)('%s warns at startup, naming the risk and the way out', async (command, extra) => {
    const on = startCli([command], { ...base, ...extra, ALLOW_SINGLE_SECRET_ROUTE: 'true' });
    running.push(on);
    await on.waitFor(/receiver listening/, 20_000);
    const warning = on.stdout().split('\n').find((line) => line.includes('ALLOW_SINGLE_SECRET_ROUTE is on'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 40 });
    expect(warning).toContain('docs/security.md');

    const off = startCli([command], { ...base, ...extra });
    running.push(off);
    await off.waitFor(/receiver listening/, 20_000);
    expect(off.stdout()).not.toContain('ALLOW_SINGLE_SECRET_ROUTE');
  }, 60_000);
});
