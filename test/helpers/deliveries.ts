import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sign } from '../../src/http/signature.js';

/** The exact bytes of a recorded-shape delivery (PHP-escaped, as Systeme.io sends). */
export function fixtureBody(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/deliveries/${name}`, import.meta.url)).subarray(0, -1);
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
