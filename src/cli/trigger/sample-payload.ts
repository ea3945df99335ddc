import { createHash, randomInt } from 'node:crypto';
import type { EventType } from '../../events/event-types.js';
import { phpFloat } from '../../sim/webhooks/encode-body.js';
import { atomTimestamp } from '../../sim/time.js';

export interface SampleOptions {
  /** Default 12345. */
  contact?: number;
  /** Default jane@example.com. */
  email?: string;
  /** Tag of CONTACT_TAG_* events (and the contact's tags). Default `vip`. */
  tag?: string;
  /** Price plan of sale events. Default 3456. */
  pricePlan?: number;
  /** Course bought in sale events. Default 680647. */
  course?: number;
  now: Date;
}

/** A made-up but stable tag id for a name (deliveries carry one; the CLI has no API access here). */
function tagId(name: string): number {
  return 1 + (createHash('sha256').update(name).digest().readUInt32BE(0) % 99_999);
}

/**
 * A realistic body for one event, shaped as docs/systeme-io.md#webhook-deliveries shows them (sale: the real capture;
 * contact events: integrators' samples). Order ids are random, so two triggered sales are two
 * sales, not a replay.
 */
export function samplePayload(event: EventType, options: SampleOptions): Record<string, unknown> {
  const at = atomTimestamp(options.now);
  const email = options.email ?? 'jane@example.com';
  const contactId = options.contact ?? 12345;
  const tag = { id: tagId(options.tag ?? 'vip'), name: options.tag ?? 'vip' };
  const contact = (tags: { id: number; name: string }[]) => ({
    id: contactId,
    email,
    registeredAt: at,
    locale: 'en',
    sourceURL: null,
    unsubscribed: false,
    bounced: false,
    needsConfirmation: false,
    fields: [{ fieldName: 'First name', slug: 'first_name', value: 'Jane' }],
    tags,
  });
  switch (event) {
    case 'CONTACT_CREATED':
    case 'CONTACT_OPT_IN':
      return { contact: contact(options.tag ? [tag] : []) };
    case 'CONTACT_TAG_ADDED':
      return { contact: contact([tag]), tag };
    case 'CONTACT_TAG_REMOVED':
      // For a removal, contact.tags holds the remaining tags (docs/systeme-io.md#tag-payloads).
      return { contact: contact([]), tag };
    case 'SALE_NEW':
    case 'SALE_CANCELED':
      return sale(options, contactId, email, at);
  }
}

function sale(options: SampleOptions, contactId: number, email: string, at: string): Record<string, unknown> {
  const course = options.course ?? 680647;
  return {
    customer: {
      id: randomInt(1, 1_000_000),
      contactId,
      email,
      clientIp: '203.0.113.9',
      fields: { first_name: 'Jane', country: 'FR' },
      paymentProcessor: 'stripe',
      sourceUrl: 'https://example.systeme.io/order-form',
    },
    coupon: null,
    funnelStep: { id: 31, name: 'Order form', type: 'offer-form', funnel: { id: 8, name: 'Main' } },
    checkoutPage: null,
    order: { id: randomInt(1, 1_000_000_000), createdAt: at, discountAmount: null, discountType: null, shippingFee: null, totalPrice: 4900, vat: phpFloat(0) },
    orderItem: {
      id: randomInt(1, 1_000_000_000),
      createdAt: at,
      resources: [
        {
          course: { id: course, name: 'Course' },
          courseBundle: null,
          enrollmentAccessType: 'full_access',
          enrollmentDrippingAccessCourse: null,
          physicalProduct: null,
          tag: null,
        },
      ],
    },
    pricePlan: {
      id: options.pricePlan ?? 3456,
      name: 'Monthly',
      type: 'subscription',
      amount: 4900,
      currency: 'eur',
      innerName: 'Monthly',
      recurringOptions: { interval: 'month', intervalCount: 1 },
      statementDescriptor: '',
    },
  };
}
