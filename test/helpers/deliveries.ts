import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eventToKebab, type EventType } from '../../src/events/event-types.js';
import { deriveEventSecret, sign } from '../../src/http/signature.js';

/** The exact bytes of a recorded-shape delivery (PHP-escaped, as Systeme.io sends). */
export function fixtureBody(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/deliveries/${name}`, import.meta.url)).subarray(0, -1);
}

/**
 * A recorded-shape delivery with its order dates set to now: the receiver refuses a SALE_NEW
 * whose order item is older than DEDUPE_TTL (a replay), and the recorded one is from 2026-09-27.
 * Only the dates change; the PHP escaping stays byte for byte.
 */
export function recentFixtureBody(name: string, at: Date = new Date()): Buffer {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return Buffer.from(fixtureBody(name).toString('latin1').replace(/"createdAt":"[^"]*"/g, `"createdAt":"${stamp}"`), 'latin1');
}

/** A sale delivery naming another order item (the recorded one names 777); the rest stays byte for byte. */
export function withOrderItem(body: Buffer, orderItem: number): Buffer {
  return Buffer.from(body.toString('latin1').replace('"id":777', `"id":${orderItem}`), 'latin1');
}

export interface SignedHeaders {
  'content-type': string;
  'x-webhook-signature': string;
  'x-webhook-event': string;
  'x-webhook-message-id': string;
  [name: string]: string;
}

/** Headers as Systeme.io sends them for one delivery, signed with `secret` over `body`. */
export function signedHeaders(body: Buffer | string, secret: string, event: string, extra: Record<string, string> = {}): SignedHeaders {
  return {
    'content-type': 'application/json',
    'user-agent': 'SystemeIO-Webhook',
    'x-webhook-signature': sign(secret, body),
    'x-webhook-event': event,
    'x-webhook-message-id': randomUUID(),
    'x-webhook-event-timestamp': '2026-09-27T20:16:26+00:00',
    'x-webhook-schema-version': event.startsWith('SALE_') ? '2' : '1',
    'x-webhook-delivery-attempt-id': randomUUID(),
    ...extra,
  };
}

/** The per-event route of `event` and a delivery's headers there, signed with that event's secret derived from `master`. */
export function eventDelivery(master: string, event: EventType, body: Buffer): { url: string; headers: SignedHeaders } {
  return { url: `/webhooks/systeme/${eventToKebab(event)}`, headers: signedHeaders(body, deriveEventSecret(master, event), event) };
}
