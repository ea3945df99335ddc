import { describe, expect, it } from 'vitest';
import { parseSeed, seedAccount } from '../../src/sim/seed/seed-account.js';
import { createStore } from '../../src/sim/store.js';
import { createUuidV7 } from '../../src/sim/uuid-v7.js';
import { encodeEventBody, phpFloat } from '../../src/sim/webhooks/encode-body.js';
import { salePayload } from '../../src/sim/webhooks/sale-payload.js';
import { salePayloadSchema } from '../../src/events/payload-schemas.js';

describe('encodeEventBody', () => {
  it('writes PHP json_encode bytes: escaped slashes, \\u escapes and floats with a decimal point', () => {
    const body = encodeEventBody({ url: 'https://x.systeme.io/p', name: 'Zoë', vat: phpFloat(0), rate: phpFloat(19.6), count: 3 });
    expect(body).toBe('{"url":"https:\\/\\/x.systeme.io\\/p","name":"Zo\\u00eb","vat":0.0,"rate":19.6,"count":3}');
    expect(JSON.parse(body)).toEqual({ url: 'https://x.systeme.io/p', name: 'Zoë', vat: 0, rate: 19.6, count: 3 });
  });
});

describe('salePayload', () => {
  it('has the captured SALE_NEW shape and passes the service payload schema', () => {
    const store = createStore();
    const seed = parseSeed(
      {
        contacts: [{ id: 501, email: 'ann@example.com', fields: [{ slug: 'first_name', value: 'Ann' }] }],
        courses: [{ id: 680647, name: 'Course', modules: [{ id: 1, name: 'Intro' }] }],
        pricePlans: [{ id: 3456, name: 'Monthly', amount: 4900, currency: 'EUR' }],
      },
      'test',
    );
    seedAccount(store, seed, createUuidV7(), new Date(), 'test');
    const payload = salePayload(store, {
      contact: store.contacts.get(501)!,
      customerId: 900,
      plan: store.pricePlans.get(3456),
      sale: { orderId: 555, orderItemId: 777, courseId: 680647, createdAt: '2026-09-27T20:16:26+00:00' },
    });
    const decoded = JSON.parse(encodeEventBody(payload)) as Record<string, unknown>;
    expect(decoded).toMatchObject({
      customer: { id: 900, contactId: 501, email: 'ann@example.com', fields: { first_name: 'Ann' } },
      order: { id: 555, totalPrice: 4900, vat: 0 },
      orderItem: { id: 777, resources: [{ course: { id: 680647, name: 'Course' }, enrollmentAccessType: 'full_access' }] },
      pricePlan: { id: 3456, name: 'Monthly', type: 'subscription', amount: 4900, currency: 'eur', recurringOptions: { interval: 'month', intervalCount: 1 } },
    });
    expect(salePayloadSchema.safeParse(decoded).success).toBe(true);
  });
});
