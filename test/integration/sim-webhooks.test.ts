import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../../src/http/signature.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { startRecordingEndpoint } from '../helpers/recording-endpoint.js';
import { waitFor } from '../helpers/wait-for.js';

const KEY = 'sim-test-key';
const SECRET = 'whsec-test-secret';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ATOM = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

const startReceiver = (statuses: number[] = []) => startRecordingEndpoint(statuses, '/hooks/systeme');

let sim: Simulator;
let base: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

async function setup(options: Omit<SimulatorOptions, 'apiKey'> = {}, statuses: number[] = []) {
  receiver = await startReceiver(statuses);
  sim = createSimulator({ apiKey: KEY, webhookRetryDelayMs: 20, ...options, seed: { tags: [{ id: 10, name: 'Lead' }] } });
  base = await sim.listen();
}

afterEach(async () => {
  await sim.close();
  await receiver.close();
});

async function api(method: string, path: string, body?: unknown) {
  const contentType = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': contentType }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
}

const createWebhook = (subscriptions: string[], extra: Record<string, unknown> = {}) =>
  api('POST', '/api/webhooks', { name: 'systeme-hooks', url: receiver.url, secret: SECRET, subscriptions, ...extra });

async function deliveries(): Promise<any[]> {
  return (await (await fetch(`${base}/__sim/deliveries`)).json()) as any[];
}

describe('webhook resource', () => {
  beforeEach(() => setup());

  it('creates (201) with one subscription object per event and never shows the secret', async () => {
    const created = await createWebhook(['CONTACT_CREATED', 'SALE_NEW']);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID_V7),
      name: 'systeme-hooks',
      url: receiver.url,
      active: true,
      subscriptions: [
        { id: expect.any(String), event: 'CONTACT_CREATED', disabledAt: null, disabledReason: null },
        { id: expect.any(String), event: 'SALE_NEW', disabledAt: null, disabledReason: null },
      ],
    });
    expect((await api('GET', '/api/webhooks')).body).toEqual({ items: [created.body], hasMore: false });
    expect((await api('GET', `/api/webhooks/${created.body.id}`)).body).toEqual(created.body);
  });

  it('refuses a duplicate name or url with 422 "This value is already used."', async () => {
    await createWebhook(['CONTACT_CREATED']);
    const sameName = await api('POST', '/api/webhooks', { name: 'systeme-hooks', url: 'http://127.0.0.1:1/other', secret: SECRET, subscriptions: [] });
    expect(sameName.status).toBe(422);
    expect(sameName.body.violations).toEqual([{ propertyPath: 'name', message: 'This value is already used.', code: expect.any(String) }]);
    const sameUrl = await api('POST', '/api/webhooks', { name: 'other', url: receiver.url, secret: SECRET, subscriptions: [] });
    expect(sameUrl.body.violations).toEqual([{ propertyPath: 'url', message: 'This value is already used.', code: expect.any(String) }]);
  });

  it('refuses unknown events, repeated events and missing properties with violations', async () => {
    const bad = await api('POST', '/api/webhooks', { name: 'x', url: 'not a url', subscriptions: ['ORDER_SHIPPED'] });
    expect(bad.status).toBe(422);
    expect(bad.body.violations.map((v: { propertyPath: string }) => v.propertyPath).sort()).toEqual(['secret', 'subscriptions[0]', 'url']);
    const repeated = await createWebhook(['SALE_NEW', 'SALE_NEW']);
    expect(repeated.body.violations[0].propertyPath).toBe('subscriptions');
  });

  it('patches name and subscriptions: a dropped event is kept as USER_CANCELED, and deletes (204)', async () => {
    const created = await createWebhook(['CONTACT_CREATED', 'SALE_NEW']);
    const patched = await api('PATCH', `/api/webhooks/${created.body.id}`, { name: 'renamed', subscriptions: ['SALE_NEW', 'SALE_CANCELED'] });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('renamed');
    expect(patched.body.subscriptions).toEqual([
      { id: created.body.subscriptions[0].id, event: 'CONTACT_CREATED', disabledAt: expect.stringMatching(ATOM), disabledReason: 'USER_CANCELED' },
      { id: created.body.subscriptions[1].id, event: 'SALE_NEW', disabledAt: null, disabledReason: null },
      { id: expect.any(String), event: 'SALE_CANCELED', disabledAt: null, disabledReason: null },
    ]);
    expect((await api('DELETE', `/api/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await api('GET', `/api/webhooks/${created.body.id}`)).status).toBe(404);
    expect((await api('PATCH', `/api/webhooks/${created.body.id}`, { name: 'x' })).status).toBe(404);
  });
});

describe('deliveries', () => {
  it('POSTs CONTACT_CREATED signed over the exact PHP-encoded bytes, with every Systeme header', async () => {
    await setup();
    const webhook = await createWebhook(['CONTACT_CREATED']);
    const contact = await api('POST', '/api/contacts', { email: 'zoe@example.com', fields: [{ slug: 'first_name', value: 'Zoë' }, { slug: 'company_name', value: 'AC/DC' }] });
    const delivery = await waitFor(() => receiver.received[0]);
    const text = delivery.raw.toString('utf8');
    expect(text).toContain('AC\\/DC');
    expect(text).toContain('Zo\\u00eb');
    expect(verify(delivery.raw, delivery.headers['x-webhook-signature'] as string, [SECRET])).toEqual({ ok: true, secretIndex: 0 });
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'SystemeIO-Webhook',
      'x-webhook-signature': expect.stringMatching(/^[0-9a-f]{64}$/),
      'x-webhook-event': 'CONTACT_CREATED',
      'x-webhook-message-id': expect.stringMatching(UUID_V7),
      'x-webhook-delivery-attempt-id': expect.stringMatching(UUID_V7),
      'x-webhook-delivery-attempt-timestamp': expect.stringMatching(ATOM),
      'x-webhook-event-timestamp': expect.stringMatching(ATOM),
      'x-webhook-subscription-id': webhook.body.subscriptions[0].id,
      'x-webhook-schema-version': '1',
    });
    expect(JSON.parse(text)).toEqual({ contact: contact.body });
    const [logged] = await deliveries();
    expect(logged).toEqual({
      webhookId: webhook.body.id,
      url: receiver.url,
      event: 'CONTACT_CREATED',
      messageId: delivery.headers['x-webhook-message-id'],
      attemptId: delivery.headers['x-webhook-delivery-attempt-id'],
      attempt: 1,
      status: 200,
      at: expect.stringMatching(ATOM),
    });
  });

  it('sends CONTACT_TAG_ADDED and _REMOVED with the contact and tag; a removal lists the remaining tags', async () => {
    await setup();
    await createWebhook(['CONTACT_TAG_ADDED', 'CONTACT_TAG_REMOVED']);
    const contact = await api('POST', '/api/contacts', { email: 'tags@example.com' });
    await api('POST', `/api/contacts/${contact.body.id}/tags`, { tagId: 10 });
    await waitFor(() => receiver.received[0]);
    await api('DELETE', `/api/contacts/${contact.body.id}/tags/10`);
    await waitFor(() => receiver.received[1]);
    const [added, removed] = receiver.received.map((r) => ({ event: r.headers['x-webhook-event'], body: JSON.parse(r.raw.toString()) }));
    expect(added).toEqual({ event: 'CONTACT_TAG_ADDED', body: { contact: expect.objectContaining({ id: contact.body.id, tags: [{ id: 10, name: 'Lead' }] }), tag: { id: 10, name: 'Lead' } } });
    expect(removed).toEqual({ event: 'CONTACT_TAG_REMOVED', body: { contact: expect.objectContaining({ id: contact.body.id, tags: [] }), tag: { id: 10, name: 'Lead' } } });
  });

  it('redelivers after a non-2xx answer with the same message id, body and a new attempt id', async () => {
    await setup({ webhookAttempts: 3 }, [500, 503]);
    await createWebhook(['CONTACT_CREATED']);
    await api('POST', '/api/contacts', { email: 'retry@example.com' });
    await waitFor(() => receiver.received[2]);
    const [first, second, third] = receiver.received;
    expect(new Set(receiver.received.map((r) => r.headers['x-webhook-message-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['x-webhook-delivery-attempt-id'])).size).toBe(3);
    expect(second!.raw.equals(first!.raw) && third!.raw.equals(first!.raw)).toBe(true);
    const log = await waitFor(async () => {
      const all = await deliveries();
      return all.length === 3 ? all : undefined;
    });
    expect(log.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 503], [3, 200]]);
    await sleep(100);
    expect(receiver.received).toHaveLength(3);
  });

  it('logs a failed connection with status null and stops after webhookAttempts', async () => {
    await setup({ webhookAttempts: 2 });
    await receiver.close();
    await createWebhook(['CONTACT_CREATED']);
    await api('POST', '/api/contacts', { email: 'down@example.com' });
    const log = await waitFor(async () => {
      const all = await deliveries();
      return all.length === 2 ? all : undefined;
    });
    expect(log.map((d) => [d.attempt, d.status])).toEqual([[1, null], [2, null]]);
    receiver = await startReceiver();
  });

  it('skips inactive webhooks and events they did not subscribe to', async () => {
    await setup();
    await createWebhook(['CONTACT_TAG_ADDED']);
    await api('POST', '/api/webhooks', { name: 'paused', url: `${receiver.url}/paused`, secret: SECRET, subscriptions: ['CONTACT_CREATED'], active: false });
    await api('POST', '/api/contacts', { email: 'quiet@example.com' });
    await sleep(100);
    expect(receiver.received).toEqual([]);
  });
});

describe('disabling', () => {
  it(`disables a subscription with BAD_SUCCESS_RATE after disableAfterFailures exhausted events, and PATCH active: true re-enables it`, async () => {
    await setup({ webhookAttempts: 2, disableAfterFailures: 2 }, [500, 500, 500, 500]);
    const webhook = await createWebhook(['CONTACT_CREATED', 'SALE_NEW']);
    await api('POST', '/api/contacts', { email: 'f1@example.com' });
    await api('POST', '/api/contacts', { email: 'f2@example.com' });
    const disabled = await waitFor(async () => {
      const current = await api('GET', `/api/webhooks/${webhook.body.id}`);
      return current.body.subscriptions[0].disabledAt === null ? undefined : current.body;
    });
    expect(disabled.subscriptions).toEqual([
      { id: webhook.body.subscriptions[0].id, event: 'CONTACT_CREATED', disabledAt: expect.stringMatching(ATOM), disabledReason: 'BAD_SUCCESS_RATE' },
      { id: webhook.body.subscriptions[1].id, event: 'SALE_NEW', disabledAt: null, disabledReason: null },
    ]);
    expect(disabled.active).toBe(true);
    await api('POST', '/api/contacts', { email: 'f3@example.com' });
    await sleep(100);
    expect(receiver.received).toHaveLength(4);

    const enabled = await api('PATCH', `/api/webhooks/${webhook.body.id}`, { active: true });
    expect(enabled.body.subscriptions[0]).toMatchObject({ disabledAt: null, disabledReason: null });
    await api('POST', '/api/contacts', { email: 'f4@example.com' });
    await waitFor(() => receiver.received[4]);
    expect(JSON.parse(receiver.received[4]!.raw.toString()).contact.email).toBe('f4@example.com');
  });

  it('a success in between resets the count of failed events', async () => {
    await setup({ webhookAttempts: 1, disableAfterFailures: 2 }, [500, 200, 500]);
    const webhook = await createWebhook(['CONTACT_CREATED']);
    for (const [index, email] of ['s1@example.com', 's2@example.com', 's3@example.com'].entries()) {
      await api('POST', '/api/contacts', { email });
      // One event at a time, so the answers 500, 200, 500 arrive in that order.
      await waitFor(async () => ((await deliveries()).length === index + 1 ? true : undefined));
    }
    expect((await deliveries()).map((d) => d.status)).toEqual([500, 200, 500]);
    expect((await api('GET', `/api/webhooks/${webhook.body.id}`)).body.subscriptions[0].disabledReason).toBeNull();
  });
});
