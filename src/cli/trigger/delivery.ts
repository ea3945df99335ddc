import { randomUUID } from 'node:crypto';
import { eventFromKebab, type EventType } from '../../events/event-types.js';
import { deriveEventSecret, sign } from '../../http/signature.js';
import { atomTimestamp } from '../../sim/time.js';

/**
 * The secret the receiver checks on the route `url` posts to: a per-event route
 * (`…/webhooks/systeme/sale-new`) takes that event's derived secret, any other the master.
 */
export function secretForUrl(url: URL, masterSecret: string): { secret: string; route: EventType | 'single' } {
  const match = /\/webhooks\/systeme\/([a-z_-]+)\/?$/i.exec(url.pathname);
  const event = match ? eventFromKebab(match[1]!) : undefined;
  return event ? { secret: deriveEventSecret(masterSecret, event), route: event } : { secret: masterSecret, route: 'single' };
}

export interface DeliveryInput {
  event: EventType;
  body: Buffer;
  secret: string;
  /** UUIDv7 (docs/systeme-io.md#delivery-headers). */
  messageId: string;
  attemptId: string;
  now: Date;
}

/** The full header set of a real delivery (docs/systeme-io.md#delivery-headers); only the body is signed. */
export function deliveryHeaders(input: DeliveryInput): Record<string, string> {
  const at = atomTimestamp(input.now);
  return {
    'content-type': 'application/json',
    'user-agent': 'SystemeIO-Webhook',
    'x-webhook-signature': sign(input.secret, input.body),
    'x-webhook-event': input.event,
    'x-webhook-message-id': input.messageId,
    'x-webhook-delivery-attempt-id': input.attemptId,
    'x-webhook-delivery-attempt-timestamp': at,
    'x-webhook-event-timestamp': at,
    'x-webhook-subscription-id': randomUUID(),
    'x-webhook-schema-version': input.event.startsWith('SALE_') ? '2' : '1',
  };
}
