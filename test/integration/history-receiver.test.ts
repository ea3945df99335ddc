import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createReceiverMetrics } from '../../src/http/receiver-metrics.js';
import { createReceiverIntake } from '../../src/queue/receiver-intake.js';
import { captureLogger } from '../helpers/log-capture.js';
import type { DeliveryStep } from '../../src/history/history-entry.js';
import { createProducerRedis } from '../../src/stores/redis-connections.js';
import { createRedisHistory } from '../../src/stores/redis-history.js';
import { fixtureBody, recentFixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';

const SECRET = 'whsec-history-receiver-0123456789';
const prefix = uniquePrefix('history-rx');
let receiver: TestReceiver;

beforeAll(async () => {
  // The single-secret route, so one secret signs every event these tests send.
  receiver = await startTestReceiver({ prefix, secrets: [SECRET], allowSingleSecretRoute: true, history: { retentionMs: 86_400_000, maxPerContact: 100 } });
});
afterAll(() => receiver.discard());

const deliver = (body: Buffer | string, event: string, headers: Record<string, string> = {}) =>
  receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers: signedHeaders(body, SECRET, event, headers) });

/** The receiver writes after answering: wait for the step to be there. */
const deliveries = (contactId: number, count: number, event?: string) =>
  waitFor(async () => {
    const steps = (await receiver.history!.read(contactId)).filter(
      (step): step is DeliveryStep => step.kind === 'delivery' && (event === undefined || step.event === event),
    );
    return steps.length >= count ? steps : undefined;
  }, 10_000);

describe('the receiver records the deliveries it does not queue', () => {
  it('writes nothing for a queued delivery (the worker records it), and a duplicate of it, found by id and by email', async () => {
    const body = fixtureBody('contact-created.json');
    const messageId = 'msg-history-contact-1';
    const first = await deliver(body, 'CONTACT_CREATED', { 'x-webhook-message-id': messageId });
    expect(first.statusCode).toBe(202);
    const again = await deliver(body, 'CONTACT_CREATED', { 'x-webhook-message-id': messageId });
    expect(again.statusCode).toBe(200);
    const [duplicate, ...rest] = await deliveries(12345, 1, 'CONTACT_CREATED');
    expect(rest).toEqual([]);
    expect(duplicate).toMatchObject({
      kind: 'delivery', event: 'CONTACT_CREATED', messageId, answer: 'duplicate', status: 200,
      jobId: (first.json() as { id: string }).id,
      contact: { id: 12345, email: 'jane@example.com', name: 'Jane' },
    });
    expect(await receiver.history!.contactIdFor('  JANE@example.com ')).toBe(12345);
  });

  it('a sale replayed under a new message id', async () => {
    const sale = recentFixtureBody('sale-new.json');
    const contactId = (JSON.parse(sale.toString()) as { customer: { contactId: number } }).customer.contactId;
    expect((await deliver(sale, 'SALE_NEW')).statusCode).toBe(202);
    expect((await deliver(sale, 'SALE_NEW')).statusCode).toBe(200);
    const [replayed] = await deliveries(contactId, 1, 'SALE_NEW');
    expect(replayed).toMatchObject({
      answer: 'replayed', status: 200, about: expect.stringMatching(/^price plan \d+/),
      reason: expect.stringContaining('already accepted under another message id'),
    });
  });

  it('keeps no signature, secret or header: only the fields of a step', async () => {
    const body = fixtureBody('contact-created.json');
    const headers = signedHeaders(body, SECRET, 'CONTACT_CREATED', { 'x-webhook-message-id': 'msg-history-secrets' });
    await receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers });
    await receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers });
    await waitFor(async () => ((await receiver.history!.read(12345)).some((s) => s.messageId === 'msg-history-secrets') ? true : undefined), 10_000);
    const redis = redisClient();
    const raw = (await redis.lrange(`${prefix}:history:contact:12345`, 0, -1)).join('\n');
    redis.disconnect();
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain(headers['x-webhook-signature']);
    expect(raw).not.toContain('x-webhook');
  });
});

describe('a history write that fails', () => {
  it('never fails the answer: the delivery is queued and a warning is logged', async () => {
    // Never connected, and a producer connection does not queue commands: every append rejects.
    const broken = createProducerRedis(testRedisUrl(), { lazyConnect: true });
    broken.on('error', () => undefined);
    const local = uniquePrefix('history-broken');
    const other = await startTestReceiver({ prefix: local, secrets: [SECRET] });
    try {
      const { logger, logs } = captureLogger('info');
      const registry = new Registry();
      const { intake } = createReceiverIntake({ redis: other.redis, prefix: local, dedupeTtlMs: 60_000 });
      const app = await buildApp({
        logger, intake, registry, metrics: createReceiverMetrics({ registry }), secrets: [SECRET], allowSingleSecretRoute: true,
        history: createRedisHistory({ redis: broken, prefix: local, retentionMs: 60_000, maxPerContact: 10 }),
      });
      const body = fixtureBody('contact-created.json');
      const headers = signedHeaders(body, SECRET, 'CONTACT_CREATED');
      expect((await app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers })).statusCode).toBe(202);
      const duplicate = await app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers });
      expect(duplicate.statusCode).toBe(200);
      expect(duplicate.json()).toMatchObject({ status: 'duplicate' });
      await waitFor(() => (logs.lines.some((line) => line.msg === 'history not written') ? true : undefined), 10_000);
      await app.close();
    } finally {
      await other.discard();
    }
  });
});
