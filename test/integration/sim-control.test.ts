import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../../src/http/signature.js';
import { createSimulator, loadSeedFile, type Simulator } from '../../src/sim/index.js';
import { startRecordingEndpoint } from '../helpers/recording-endpoint.js';
import { waitFor } from '../helpers/wait-for.js';

const KEY = 'sim-test-key';
const SECRET = 'whsec-control-secret';

const startReceiver = (statuses: number[] = []) => startRecordingEndpoint(statuses);

let sim: Simulator;
let base: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  receiver = await startReceiver();
  const seed = await loadSeedFile(new URL('../../examples/sim-seed.json', import.meta.url).pathname);
  sim = createSimulator({ apiKey: KEY, seed, webhookRetryDelayMs: 20 });
  base = await sim.listen();
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
}

const subscribe = (events: string[]) => call('POST', '/api/webhooks', { name: 'hooks', url: receiver.url, secret: SECRET, subscriptions: events });

function decoded(index: number) {
  const delivery = receiver.received[index]!;
  return { event: delivery.headers['x-webhook-event'], version: delivery.headers['x-webhook-schema-version'], body: JSON.parse(delivery.raw.toString()) };
}

describe('POST /__sim/sales and /__sim/cancellations', () => {
  it('sends SALE_NEW for a seeded contact with the price plan, order and course, and creates the subscription', async () => {
    await subscribe(['SALE_NEW']);
    const sale = await call('POST', '/__sim/sales', { contactId: 501, pricePlanId: 3456, courseId: 680647 }, { 'x-api-key': '' });
    expect(sale.status).toBe(201);
    expect(sale.body).toEqual({
      contactId: 501,
      customerId: expect.any(Number),
      subscriptionId: expect.any(Number),
      orderId: expect.any(Number),
      orderItemId: expect.any(Number),
      messageId: expect.any(String),
    });
    expect(sale.body.orderId).not.toBe(555);
    await waitFor(() => receiver.received[0]);
    const delivery = receiver.received[0]!;
    expect(verify(delivery.raw, delivery.headers['x-webhook-signature'] as string, [SECRET]).ok).toBe(true);
    expect(delivery.headers['x-webhook-message-id']).toBe(sale.body.messageId);
    expect(delivery.raw.toString()).toContain('"vat":0.0');
    expect(decoded(0)).toEqual({
      event: 'SALE_NEW',
      version: '2',
      body: expect.objectContaining({
        customer: expect.objectContaining({ id: sale.body.customerId, contactId: 501, email: 'ann@example.com', fields: { first_name: 'Ann', surname: 'Lee', country: 'FR' } }),
        order: expect.objectContaining({ id: sale.body.orderId, totalPrice: 4900 }),
        orderItem: expect.objectContaining({ id: sale.body.orderItemId, resources: [expect.objectContaining({ course: { id: 680647, name: 'Email Marketing Masterclass' } })] }),
        pricePlan: expect.objectContaining({ id: 3456, name: 'Monthly', type: 'subscription', amount: 4900, currency: 'eur' }),
      }),
    });
    const subscriptions = await call('GET', '/api/payment/subscriptions?contact=501');
    expect(subscriptions.body.items.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([
      [sale.body.subscriptionId, 'active'],
      [9001, 'active'],
    ]);
  });

  it('creates the contact (CONTACT_CREATED) when the sale names only a new email', async () => {
    await subscribe(['CONTACT_CREATED', 'SALE_NEW']);
    const sale = await call('POST', '/__sim/sales', { email: 'new.buyer@example.com', pricePlanId: 3456 });
    expect(sale.status).toBe(201);
    await waitFor(() => receiver.received[1]);
    const events = [decoded(0), decoded(1)].sort((a, b) => String(a.event).localeCompare(String(b.event)));
    expect(events[0]).toMatchObject({ event: 'CONTACT_CREATED', version: '1', body: { contact: { id: sale.body.contactId, email: 'new.buyer@example.com' } } });
    expect(events[1]).toMatchObject({ event: 'SALE_NEW', body: { customer: { contactId: sale.body.contactId }, orderItem: { resources: [] } } });
    expect((await call('GET', '/api/contacts?email=new.buyer@example.com')).body.items).toHaveLength(1);
  });

  it('cancels a subscription with SALE_CANCELED carrying the original order ids, once', async () => {
    await subscribe(['SALE_CANCELED']);
    const cancelled = await call('POST', '/__sim/cancellations', { subscriptionId: 9001 });
    expect(cancelled).toMatchObject({ status: 201, body: { subscriptionId: 9001, contactId: 501, orderId: 555, orderItemId: 777, messageId: expect.any(String) } });
    await waitFor(() => receiver.received[0]);
    expect(decoded(0)).toMatchObject({
      event: 'SALE_CANCELED',
      version: '2',
      body: { customer: { contactId: 501 }, order: { id: 555 }, orderItem: { id: 777, resources: [{ course: { id: 680647 } }] }, pricePlan: { id: 3456 } },
    });
    const [subscription] = (await call('GET', '/api/payment/subscriptions?contact=501')).body.items;
    expect(subscription).toMatchObject({ id: 9001, status: 'cancelled', cancelledAt: expect.any(String) });
    expect((await call('POST', '/__sim/cancellations', { subscriptionId: 9001 })).status).toBe(409);
  });

  it('explains unknown price plans, contacts and bad bodies', async () => {
    const unknownPlan = await call('POST', '/__sim/sales', { contactId: 501, pricePlanId: 1 });
    expect(unknownPlan).toMatchObject({ status: 404, body: { detail: expect.stringContaining('pricePlans') } });
    expect((await call('POST', '/__sim/sales', { contactId: 999, pricePlanId: 3456 })).status).toBe(404);
    expect((await call('POST', '/__sim/sales', { pricePlanId: 3456 })).status).toBe(400);
    expect((await call('POST', '/__sim/cancellations', { subscriptionId: 1 })).status).toBe(404);
  });
});

describe('POST /__sim/webhooks/{id}/disable', () => {
  it('disables one event subscription as BAD_SUCCESS_RATE; PATCHing the subscriptions again re-enables it', async () => {
    const webhook = await subscribe(['CONTACT_CREATED', 'SALE_NEW']);
    const disabled = await call('POST', `/__sim/webhooks/${webhook.body.id}/disable`, { event: 'SALE_NEW' });
    expect(disabled.status).toBe(200);
    expect(disabled.body.subscriptions.map((s: { event: string; disabledReason: string | null }) => [s.event, s.disabledReason])).toEqual([
      ['CONTACT_CREATED', null],
      ['SALE_NEW', 'BAD_SUCCESS_RATE'],
    ]);
    const first = await call('POST', '/__sim/sales', { contactId: 501, pricePlanId: 3456 });
    expect(receiver.received).toEqual([]);

    const patched = await call('PATCH', `/api/webhooks/${webhook.body.id}`, { subscriptions: ['CONTACT_CREATED', 'SALE_NEW'] });
    expect(patched.body.subscriptions[1]).toMatchObject({ id: webhook.body.subscriptions[1].id, disabledAt: null, disabledReason: null });
    const second = await call('POST', '/__sim/sales', { contactId: 501, pricePlanId: 3456 });
    await waitFor(() => receiver.received[0], 10_000);
    expect(decoded(0).event).toBe('SALE_NEW');
    // The first delivery to arrive is the sale made after re-enabling: the first sale never went out.
    expect(receiver.received[0]!.headers['x-webhook-message-id']).toBe(second.body.messageId);
    expect(first.body.messageId).not.toBe(second.body.messageId);
    expect(receiver.received).toHaveLength(1);
  });

  it('disables every subscription without an event, and 404s for an unknown webhook', async () => {
    const webhook = await subscribe(['CONTACT_CREATED', 'SALE_NEW']);
    const disabled = await call('POST', `/__sim/webhooks/${webhook.body.id}/disable`);
    expect(disabled.body.subscriptions.every((s: { disabledReason: string }) => s.disabledReason === 'BAD_SUCCESS_RATE')).toBe(true);
    expect((await call('POST', '/__sim/webhooks/00000000-0000-7000-8000-000000000000/disable', {})).status).toBe(404);
  });
});

describe('POST /__sim/seed and /__sim/reset', () => {
  it('adds seeded data at runtime and reports a bad seed with the path', async () => {
    expect((await call('POST', '/__sim/seed', { tags: [{ id: 300, name: 'Seeded' }], contacts: [{ id: 700, email: 'seeded@example.com', tags: [300] }] })).status).toBe(204);
    expect((await call('GET', '/api/contacts/700')).body.tags).toEqual([{ id: 300, name: 'Seeded' }]);
    const created = await call('POST', '/api/contacts', { email: 'after-seed@example.com' });
    expect(created.body.id).toBeGreaterThan(700);
    const bad = await call('POST', '/__sim/seed', { contacts: [{ email: 42 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('contacts[0].email');
    const dangling = await call('POST', '/__sim/seed', { memberships: [{ contactId: 1, communityId: 77 }] });
    expect(dangling).toMatchObject({ status: 400, body: { detail: expect.stringContaining('memberships[0].contactId') } });
  });

  it('empties state, logs and pending redeliveries', async () => {
    await receiver.close();
    receiver = await startReceiver([500, 500, 500, 500, 500]);
    await subscribe(['CONTACT_CREATED']);
    await call('POST', '/api/contacts', { email: 'pending@example.com' });
    await waitFor(() => receiver.received[0]);
    expect((await call('POST', '/__sim/reset')).status).toBe(204);
    expect(await (await fetch(`${base}/__sim/requests`)).json()).toEqual([]);
    expect(await (await fetch(`${base}/__sim/deliveries`)).json()).toEqual([]);
    const countAtReset = receiver.received.length;
    expect((await call('GET', '/api/contacts')).body).toEqual({ items: [], hasMore: false });
    expect((await call('GET', '/api/webhooks')).body.items).toEqual([]);
    expect((await call('GET', '/api/school/courses')).body.items).toEqual([]);
    // Redeliveries kept by mistake would come 20, 40, 80 and 160 ms apart: give them the time.
    // (A slow machine can only delay them, hiding such a bug, never fail a correct simulator.)
    await sleep(500);
    // At most the attempt already on the wire at the reset may still have landed.
    expect(receiver.received.length).toBeLessThanOrEqual(countAtReset + 1);
    expect(await (await fetch(`${base}/__sim/deliveries`)).json()).toEqual([]);
  });
});
