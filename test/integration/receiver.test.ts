import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/http/signature.js';
import { fixtureBody, recentFixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { uniquePrefix } from '../helpers/redis.js';

const SECRET = 'whsec-current-0123456789';
const PREVIOUS = 'whsec-previous-9876543210';

describe('POST /webhooks/systeme', () => {
  const prefix = uniquePrefix('receiver');
  let receiver: TestReceiver;

  beforeAll(async () => {
    receiver = await startTestReceiver({ prefix, secrets: [SECRET, PREVIOUS], bodyLimit: 64 * 1024, allowSingleSecretRoute: true });
  });
  afterAll(async () => {
    await receiver.discard();
  });

  const post = (body: Buffer | string, headers: Record<string, string>, url = '/webhooks/systeme') =>
    receiver.app.inject({ method: 'POST', url, payload: body, headers });

  async function jobCount(): Promise<number> {
    const counts = await receiver.queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  it('queues a PHP-escaped SALE_NEW verified over its exact bytes, storing only what the worker needs', async () => {
    const body = recentFixtureBody('sale-new.json');
    expect(body.toString()).toContain('https:\\/\\/x.systeme.io');
    expect(JSON.stringify(JSON.parse(body.toString()))).not.toBe(body.toString());
    const headers = signedHeaders(body, SECRET, 'SALE_NEW');

    const response = await post(body, headers);

    expect(response.statusCode).toBe(202);
    const answer = response.json<{ status: string; id: string }>();
    expect(answer.status).toBe('queued');
    const job = await receiver.queue.getJob(answer.id);
    expect(job?.name).toBe('SALE_NEW');
    expect(Object.keys(job?.data ?? {}).sort()).toEqual(
      ['event', 'eventTimestamp', 'messageId', 'payload', 'receivedAt', 'route', 'schemaVersion'].sort(),
    );
    expect(job?.data).toMatchObject({
      event: 'SALE_NEW',
      messageId: headers['x-webhook-message-id'],
      eventTimestamp: '2026-09-27T20:16:26+00:00',
      schemaVersion: '2',
      route: 'single',
      payload: { customer: { contactId: 12345, sourceUrl: 'https://x.systeme.io/p' }, order: { vat: 0 } },
    });
    expect(JSON.stringify(job?.data)).not.toContain(SECRET);
    expect(JSON.stringify(job?.data)).not.toContain(headers['x-webhook-signature']);
  });

  it('accepts an upper-case hex signature and the previous secret during a rotation', async () => {
    const body = fixtureBody('contact-created.json');
    const upper = signedHeaders(body, SECRET, 'CONTACT_CREATED');
    upper['x-webhook-signature'] = upper['x-webhook-signature'].toUpperCase();
    expect((await post(body, upper)).statusCode).toBe(202);
    expect((await post(body, signedHeaders(body, PREVIOUS, 'CONTACT_CREATED'))).statusCode).toBe(202);
  });

  it('refuses missing, malformed and wrong signatures with a generic 401 and stores nothing', async () => {
    const before = await jobCount();
    const body = recentFixtureBody('sale-new.json');
    const good = signedHeaders(body, SECRET, 'SALE_NEW');
    const cases: Record<string, string>[] = [
      { ...good, 'x-webhook-signature': '' },
      { ...good, 'x-webhook-signature': good['x-webhook-signature'].slice(0, 63) },
      { ...good, 'x-webhook-signature': `sha256=${good['x-webhook-signature']}` },
      { ...good, 'x-webhook-signature': sign('another-secret', body) },
    ];
    for (const headers of cases) {
      const response = await post(body, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'Unauthorized', message: 'Invalid or missing webhook signature' });
    }
    const tampered = Buffer.from(body);
    tampered[tampered.indexOf('4900')] = '5'.charCodeAt(0);
    expect((await post(tampered, good)).statusCode).toBe(401);
    const reserialised = JSON.stringify(JSON.parse(body.toString()));
    expect((await post(reserialised, good)).statusCode).toBe(401);
    expect(await jobCount()).toBe(before);
    const refused = receiver.logs.lines.filter((line) => line.outcome === 'unauthorized');
    expect(refused.map((line) => line.reason)).toEqual(
      expect.arrayContaining(['missing-signature', 'malformed-signature', 'mismatch']),
    );
  });

  it('answers 400 to an authentic body that is not JSON or lacks X-Webhook-Event', async () => {
    const before = await jobCount();
    const notJson = Buffer.from('{"contact":');
    const response = await post(notJson, signedHeaders(notJson, SECRET, 'CONTACT_CREATED'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ message: 'Body is not valid JSON' });

    const body = fixtureBody('contact-created.json');
    const { 'x-webhook-event': _event, ...noEvent } = signedHeaders(body, SECRET, 'CONTACT_CREATED');
    const missing = await post(body, noEvent);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ message: 'X-Webhook-Event header is missing' });
    expect(await jobCount()).toBe(before);
  });

  it('answers 202 ignored to an authentic delivery of an unknown event type, without queueing it', async () => {
    const before = await jobCount();
    const body = fixtureBody('contact-created.json');
    const response = await post(body, signedHeaders(body, SECRET, 'CONTACT_UNSUBSCRIBED'));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'ignored' });
    expect(await jobCount()).toBe(before);
  });

  it('answers 200 duplicate for a message id already accepted, and dedupes on the body hash without one', async () => {
    const body = Buffer.from(recentFixtureBody('sale-new.json').toString().replace('"id":777', '"id":778'));
    const headers = signedHeaders(body, SECRET, 'SALE_NEW');
    const first = await post(body, headers);
    const again = await post(body, { ...headers, 'x-webhook-delivery-attempt-id': randomUUID() });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'duplicate', id: first.json().id });

    const unique = Buffer.from(fixtureBody('contact-created.json').toString().replace('12345', '424242'));
    const { 'x-webhook-message-id': _id, ...noId } = signedHeaders(unique, SECRET, 'CONTACT_CREATED');
    expect((await post(unique, noId)).statusCode).toBe(202);
    expect((await post(unique, noId)).json()).toMatchObject({ status: 'duplicate' });
  });

  it('keeps two long message ids that share their first 200 characters apart: hashed, not cut', async () => {
    const body = fixtureBody('contact-created.json');
    const shared = 'm'.repeat(200);
    const answers = [];
    for (const id of [`${shared}-first`, `${shared}-second`]) {
      const response = await post(body, signedHeaders(body, SECRET, 'CONTACT_CREATED', { 'x-webhook-message-id': id }));
      answers.push(response.json<{ status: string; id: string }>());
    }
    expect(answers.map((answer) => answer.status)).toEqual(['queued', 'queued']);
    const stored = await Promise.all(answers.map(async (answer) => (await receiver.queue.getJob(answer.id))?.data.messageId));
    expect(stored[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored[1]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored[0]).not.toBe(stored[1]);
    // The same long id again is the same delivery.
    const again = await post(body, signedHeaders(body, SECRET, 'CONTACT_CREATED', { 'x-webhook-message-id': `${shared}-first` }));
    expect(again.json()).toEqual({ status: 'duplicate', id: answers[0]!.id });
    // Ids of 200 characters or fewer are kept as sent.
    const exact = await post(body, signedHeaders(body, SECRET, 'CONTACT_CREATED', { 'x-webhook-message-id': shared }));
    expect((await receiver.queue.getJob(exact.json<{ id: string }>().id))?.data.messageId).toBe(shared);
  });

  it('single-nests the double-nested tag payload the documentation shows', async () => {
    const body = fixtureBody('contact-tag-added-double-nested.json');
    const response = await post(body, signedHeaders(body, SECRET, 'CONTACT_TAG_ADDED'));
    expect(response.statusCode).toBe(202);
    const line = receiver.logs.lines.find((l) => l.jobId === response.json().id);
    expect(line).toMatchObject({ event: 'CONTACT_TAG_ADDED', outcome: 'queued' });
  });

  it('stores an authentic payload that fails its schema, marked invalid in the log', async () => {
    const body = Buffer.from('{"customer":{"email":"no-contact-id@example.com"}}');
    const response = await post(body, signedHeaders(body, SECRET, 'SALE_NEW'));
    expect(response.statusCode).toBe(202);
    const job = await receiver.queue.getJob(response.json().id);
    expect(job?.data.payload).toEqual({ customer: { email: 'no-contact-id@example.com' } });
    const line = receiver.logs.lines.find((l) => l.jobId === response.json().id);
    expect(line).toMatchObject({ outcome: 'invalid_payload' });
    expect(String(line?.reason)).toContain('contactId');
  });

  it('refuses bodies over the limit with 413 and non-JSON content types with 415', async () => {
    const before = await jobCount();
    const big = Buffer.alloc(65 * 1024, 'a');
    const tooLarge = await post(big, signedHeaders(big, SECRET, 'SALE_NEW'));
    expect(tooLarge.statusCode).toBe(413);
    const body = recentFixtureBody('sale-new.json');
    const text = await post(body, { ...signedHeaders(body, SECRET, 'SALE_NEW'), 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(await jobCount()).toBe(before);
  });

  it('drops __proto__ keys from authentic payloads instead of assigning them', async () => {
    const body = Buffer.from('{"contact":{"id":5,"__proto__":{"polluted":true}},"constructor":{"prototype":{"x":1}}}');
    const response = await post(body, signedHeaders(body, SECRET, 'CONTACT_CREATED'));
    expect(response.statusCode).toBe(202);
    const job = await receiver.queue.getJob(response.json().id);
    expect(job?.data.payload).toEqual({ contact: { id: 5 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('logs one line per delivery with message id, event and outcome, and never the signature or secret', async () => {
    const body = fixtureBody('contact-created.json');
    const headers = signedHeaders(body, SECRET, 'CONTACT_CREATED');
    await post(body, headers);
    const lines = receiver.logs.lines.filter((line) => line.messageId === headers['x-webhook-message-id']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ event: 'CONTACT_CREATED', outcome: 'queued', status: 202, msg: 'delivery' });
    expect(receiver.logs.text()).not.toContain(SECRET);
    expect(receiver.logs.text()).not.toContain(PREVIOUS);
    expect(receiver.logs.text()).not.toContain(headers['x-webhook-signature']);
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect((await receiver.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await receiver.app.inject('/readyz')).statusCode).toBe(200);
    const metrics = await receiver.app.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/systeme_hooks_webhook_deliveries_total\{event="SALE_NEW",outcome="queued"\} \d+/);
    expect(metrics.body).toMatch(/systeme_hooks_webhook_deliveries_total\{event="unknown",outcome="unauthorized"\} \d+/);
    expect(metrics.body).toContain('systeme_hooks_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/systeme_hooks_queue_jobs\{state="waiting"\} \d+/);
  });
});
