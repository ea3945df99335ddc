import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deriveEventSecret } from '../../src/http/signature.js';
import { recentFixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { salePayload, SEED, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { uniquePrefix } from '../helpers/redis.js';

const MASTER = 'master-secret-current';
const PREVIOUS = 'master-secret-previous';

describe('event-bound routes', () => {
  const prefix = uniquePrefix('bound');
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startTestReceiver({ prefix, secrets: [MASTER, PREVIOUS], allowSingleSecretRoute: true });
  });
  afterAll(async () => {
    await receiver.discard();
  });

  const post = (url: string, body: Buffer, headers: Record<string, string>) => receiver.app.inject({ method: 'POST', url, payload: body, headers });
  const queued = async () => (await receiver.queue.getJobCounts('waiting')).waiting ?? 0;
  const saleBody = (orderItem: number) => Buffer.from(recentFixtureBody('sale-new.json').toString().replace('"id":777', `"id":${orderItem}`));

  it('accepts a delivery signed with the secret derived for its route, from the current or the previous master', async () => {
    const body = saleBody(1001);
    const current = await post('/webhooks/systeme/sale-new', body, signedHeaders(body, deriveEventSecret(MASTER, 'SALE_NEW'), 'SALE_NEW'));
    expect(current.statusCode).toBe(202);
    const cancel = saleBody(1002);
    const previous = await post(
      '/webhooks/systeme/sale-canceled',
      cancel,
      signedHeaders(cancel, deriveEventSecret(PREVIOUS, 'SALE_CANCELED'), 'SALE_CANCELED'),
    );
    expect(previous.statusCode).toBe(202);
    const single = saleBody(1003);
    expect((await post('/webhooks/systeme', single, signedHeaders(single, PREVIOUS, 'SALE_NEW'))).statusCode).toBe(202);
  });

  it('refuses a SALE_NEW body replayed to the cancellation route, whatever the header says', async () => {
    const before = await queued();
    const body = saleBody(1010);
    const saleSecret = deriveEventSecret(MASTER, 'SALE_NEW');
    // Signed for sale-new, posted to sale-canceled with the header changed to match the route.
    const replayed = await post('/webhooks/systeme/sale-canceled', body, signedHeaders(body, saleSecret, 'SALE_CANCELED'));
    expect(replayed.statusCode).toBe(401);
    // Signed for sale-new, posted to sale-canceled with its original header.
    const asIs = await post('/webhooks/systeme/sale-canceled', body, signedHeaders(body, saleSecret, 'SALE_NEW'));
    expect(asIs.statusCode).toBe(401);
    // Signed with the cancellation secret but announced as another event.
    const mismatch = await post(
      '/webhooks/systeme/sale-canceled',
      body,
      signedHeaders(body, deriveEventSecret(MASTER, 'SALE_CANCELED'), 'SALE_NEW'),
    );
    expect(mismatch.statusCode).toBe(401);
    // The master secret itself does not open a per-event route.
    expect((await post('/webhooks/systeme/sale-canceled', body, signedHeaders(body, MASTER, 'SALE_CANCELED'))).statusCode).toBe(401);
    expect(await queued()).toBe(before);
  });

  it('answers 404 for a route that names no event', async () => {
    const body = saleBody(1020);
    expect((await post('/webhooks/systeme/sale-refunded', body, signedHeaders(body, MASTER, 'SALE_NEW'))).statusCode).toBe(404);
  });

  it('does not serve the single-secret route when ALLOW_SINGLE_SECRET_ROUTE is off, as it is by default', async () => {
    for (const allowSingleSecretRoute of [false, undefined]) {
      const strict = await startTestReceiver({ prefix: `${prefix}-strict`, secrets: [MASTER], ...(allowSingleSecretRoute === undefined ? {} : { allowSingleSecretRoute }) });
      try {
        const body = saleBody(1030);
        expect((await strict.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers: signedHeaders(body, MASTER, 'SALE_NEW') })).statusCode).toBe(404);
        const secret = deriveEventSecret(MASTER, 'SALE_NEW');
        expect((await strict.app.inject({ method: 'POST', url: '/webhooks/systeme/sale-new', payload: body, headers: signedHeaders(body, secret, 'SALE_NEW') })).statusCode).toBe(202);
      } finally {
        await strict.discard();
      }
    }
  });

  it('takes a sale once per order item: a redelivery is a duplicate, a new message id is a replay', async () => {
    const body = saleBody(1040);
    const headers = signedHeaders(body, MASTER, 'SALE_NEW');
    expect((await post('/webhooks/systeme', body, headers)).statusCode).toBe(202);
    const redelivery = await post('/webhooks/systeme', body, headers);
    expect(redelivery.json()).toMatchObject({ status: 'duplicate' });
    const replay = await post('/webhooks/systeme', body, signedHeaders(body, MASTER, 'SALE_NEW'));
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ status: 'replayed' });
    const warning = receiver.logs.lines.find((line) => line.msg === 'replay not queued');
    expect(warning).toMatchObject({ event: 'SALE_NEW', outcome: 'replayed' });
    expect(String(warning?.reason)).toContain('order-item:1040');
    const metrics = (await receiver.app.inject('/metrics')).body;
    expect(metrics).toMatch(/systeme_hooks_webhook_deliveries_total\{event="SALE_NEW",outcome="replayed"\} [1-9]/);
  });

  it('keeps calling a replay a replay when it is sent again under the same message id, and the first message id a duplicate', async () => {
    const body = saleBody(1041);
    const first = signedHeaders(body, MASTER, 'SALE_NEW');
    expect((await post('/webhooks/systeme', body, first)).statusCode).toBe(202);
    const replayHeaders = signedHeaders(body, MASTER, 'SALE_NEW');
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await post('/webhooks/systeme', body, replayHeaders)).json()).toEqual({ status: 'replayed' });
    }
    expect((await post('/webhooks/systeme', body, first)).json()).toMatchObject({ status: 'duplicate' });
  });
});

describe('sale → cancellation → replayed sale', () => {
  let pipeline: Pipeline | undefined;
  let receiver: TestReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await pipeline?.close();
  });

  it('does not grant the access again', async () => {
    const rules = `
rules:
  - name: buyers
    on: SALE_NEW
    do:
      - enroll: { course: 680647 }
  - name: refunds
    on: SALE_CANCELED
    do:
      - unenroll: { course: 680647 }
`;
    pipeline = await startPipeline({ rules, seed: SEED });
    receiver = await startTestReceiver({ prefix: pipeline.config.redis.prefix, secrets: [MASTER] });
    // The cancellation carries the sale's shape (the same body), each on its own route and secret.
    const sale = Buffer.from(JSON.stringify(salePayload(501, 'ann@example.com', 3456, 4242, new Date().toISOString())));
    const deliver = async (event: 'SALE_NEW' | 'SALE_CANCELED') => {
      const response = await receiver!.app.inject({
        method: 'POST',
        url: event === 'SALE_NEW' ? '/webhooks/systeme/sale-new' : '/webhooks/systeme/sale-canceled',
        payload: sale,
        headers: signedHeaders(sale, deriveEventSecret(MASTER, event), event),
      });
      return response.json<{ status: string; id?: string }>();
    };
    const enrollments = async () => (await pipeline!.requests()).filter((r) => r.method === 'POST' && r.path.includes('/enrollments') && r.status < 300);

    const bought = await deliver('SALE_NEW');
    await pipeline.settle(bought.id!);
    expect(await enrollments()).toHaveLength(1);
    const refunded = await deliver('SALE_CANCELED');
    await pipeline.settle(refunded.id!);

    // The captured sale body, sent again with a fresh message id after the refund.
    expect(await deliver('SALE_NEW')).toEqual({ status: 'replayed' });
    expect(await enrollments()).toHaveLength(1);
    expect(receiver.logs.lines.some((line) => line.msg === 'replay not queued' && String(line.reason).includes('cancelled'))).toBe(true);

    // A SALE_NEW for that order item already in the queue (or retried from the failed list) is skipped by the worker too.
    const queuedEarlier = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com', 3456, 4242)));
    expect(queuedEarlier.returnvalue).toMatchObject({ matched: [], skipped: 'order-item:4242 was cancelled; access is not granted again' });
    expect(await enrollments()).toHaveLength(1);
  });
});
