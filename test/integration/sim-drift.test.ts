import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import { startRecordingEndpoint } from '../helpers/recording-endpoint.js';
import { waitFor } from '../helpers/wait-for.js';

const API_KEY = 'sim-api-key-0123456789';
let sim: Simulator | undefined;
let endpoint: Awaited<ReturnType<typeof startRecordingEndpoint>> | undefined;
afterEach(async () => {
  await sim?.close();
  await endpoint?.close();
  sim = undefined;
  endpoint = undefined;
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${sim!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

async function get(path: string) {
  return (await (await fetch(`${sim!.url}${path}`, { headers: { 'x-api-key': API_KEY } })).json()) as Record<string, unknown>;
}

describe('simulator drift controls', () => {
  it('drops the next deliveries of an event, cancels a subscription and removes a tag without any webhook', async () => {
    endpoint = await startRecordingEndpoint();
    sim = createSimulator({
      apiKey: API_KEY,
      seed: {
        tags: [{ id: 11, name: 'Customers' }],
        contacts: [{ id: 501, email: 'ann@example.com', fields: [], tags: [{ id: 11, name: 'Customers' }] }],
        pricePlans: [{ id: 3456, name: 'Monthly', amount: 4900, currency: 'eur', type: 'subscription' }],
        webhooks: [{ name: 'hooks', url: endpoint.url, secret: 'secret-0123456789', subscriptions: ['SALE_NEW', 'SALE_CANCELED', 'CONTACT_TAG_REMOVED'] }],
      },
    });
    await sim.listen();

    expect(await post('/__sim/drift/drop-deliveries', { event: 'SALE_NEW', count: 1 })).toEqual({ status: 200, body: { dropped: 0, pending: 1 } });
    const dropped = await post('/__sim/sales', { contactId: 501, pricePlanId: 3456 });
    const delivered = await post('/__sim/sales', { contactId: 501, pricePlanId: 3456 });
    await waitFor(() => (endpoint!.received.length >= 1 ? true : undefined));
    const messageIds = () => endpoint!.received.map((r) => r.headers['x-webhook-message-id']);
    expect(messageIds()).toEqual([delivered.body?.messageId]);
    expect(messageIds()).not.toContain(dropped.body?.messageId);

    const subscriptionId = dropped.body?.subscriptionId as number;
    expect(await post('/__sim/drift/cancel-subscription', { subscriptionId })).toEqual({ status: 200, body: { subscriptionId, status: 'cancelled' } });
    const subscriptions = (await get('/api/payment/subscriptions?contact=501')).items as { id: number; status: string }[];
    expect(subscriptions.find((s) => s.id === subscriptionId)?.status).toBe('cancelled');
    expect((await post('/__sim/drift/cancel-subscription', { subscriptionId })).status).toBe(409);

    expect(await post('/__sim/drift/remove-tag', { contactId: 501, tagId: 11 })).toEqual({ status: 200, body: { contactId: 501, tags: [] } });
    expect((await get('/api/contacts/501')).tags).toEqual([]);
    expect((await post('/__sim/drift/remove-tag', { contactId: 501, tagId: 11 })).status).toBe(409);
    expect((await post('/__sim/drift/drop-deliveries', { count: 0 })).status).toBe(400);

    // Nothing but the one sale was ever delivered: no cancellation, no tag removal.
    const deliveries = (await (await fetch(`${sim.url}/__sim/deliveries`)).json()) as { event: string }[];
    expect(deliveries.map((d) => d.event)).toEqual(['SALE_NEW']);
  });
});
