import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { phpJsonEncode } from '../../src/events/php-json.js';
import { sign } from '../../src/http/signature.js';

/** One signed CONTACT_CREATED delivery, as Systeme.io would send it. */
export interface Delivery {
  messageId: string;
  contactId: number;
  body: string;
  headers: Record<string, string>;
}

/** How one attempt went: the HTTP status, or null with the socket error. */
export interface Outcome {
  delivery: Delivery;
  sentAt: number;
  answeredAt: number;
  status: number | null;
  error?: string;
}

export function contactCreatedDelivery(contactId: number, secret: string, messageId: string = randomUUID()): Delivery {
  const body = phpJsonEncode({
    contact: {
      id: contactId,
      email: `contact${contactId}@example.com`,
      registeredAt: '2026-09-27T20:16:26+00:00',
      locale: 'en',
      sourceURL: 'https://example.systeme.io/optin',
      unsubscribed: false,
      bounced: false,
      needsConfirmation: false,
      fields: [{ fieldName: 'First name', slug: 'first_name', value: 'Jane' }],
      tags: [],
    },
  });
  return {
    messageId,
    contactId,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'SystemeIO-Webhook',
      'x-webhook-signature': sign(secret, body),
      'x-webhook-event': 'CONTACT_CREATED',
      'x-webhook-message-id': messageId,
      'x-webhook-event-timestamp': '2026-09-27T20:16:26+00:00',
      'x-webhook-schema-version': '1',
    },
  };
}

/** Keeps connections open like a busy sender; a killed receiver shows up as socket errors. */
/** A delivery answered 2xx: stored (or known already), so Systeme.io does not send it again. */
export const is2xx = (o: Outcome) => o.status !== null && o.status >= 200 && o.status < 300;

export function createSender(maxSockets = 64) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    /** POSTs one delivery to `<base>/webhooks/systeme`; never rejects. Waits up to 60 s: a busy machine answers late. */
    post(base: string, delivery: Delivery, timeoutMs = 60_000): Promise<Outcome> {
      const sentAt = Date.now();
      return new Promise((resolve) => {
        const done = (status: number | null, error?: string) =>
          resolve({ delivery, sentAt, answeredAt: Date.now(), status, ...(error ? { error } : {}) });
        const url = new URL('/webhooks/systeme', base);
        const request = httpRequest(url, {
          method: 'POST',
          agent,
          headers: { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) },
          timeout: timeoutMs,
        });
        request.on('response', (response) => {
          response.resume();
          response.on('end', () => done(response.statusCode ?? null));
          response.on('error', (error) => done(null, error.message));
        });
        request.on('timeout', () => request.destroy(new Error('timeout')));
        request.on('error', (error: NodeJS.ErrnoException) => done(null, error.code ?? error.message));
        request.end(delivery.body);
      });
    },
    close: () => agent.destroy(),
  };
}

/**
 * Open loop: call `send(i)` at `start + i / rate`, whatever earlier calls are doing (a sender on
 * a schedule, as webhooks arrive), for `durationMs`. Resolves with every result once all settled.
 */
export async function openLoop<T>(rate: number, durationMs: number, send: (index: number) => Promise<T>): Promise<T[]> {
  const total = Math.round((rate * durationMs) / 1000);
  const start = performance.now();
  const pending: Promise<T>[] = [];
  for (let index = 0; index < total; index++) {
    const due = start + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(send(index));
  }
  return Promise.all(pending);
}

/**
 * Sends every delivery not yet answered 2xx again, as Systeme.io does, round after round with a
 * pause between, until each is accepted (or the rounds run out): the message ids accepted, and
 * how many sends it took.
 */
export async function resendUntilAccepted(
  sender: ReturnType<typeof createSender>,
  url: string,
  deliveries: Delivery[],
  outcomes: Outcome[],
  options: { rounds: number; pauseMs: number },
): Promise<{ accepted: Set<string>; retried: number }> {
  const accepted = new Set(outcomes.filter(is2xx).map((o) => o.delivery.messageId));
  let retried = 0;
  for (let round = 0; round < options.rounds; round++) {
    const missing = deliveries.filter((d) => !accepted.has(d.messageId));
    if (missing.length === 0) break;
    const again = await Promise.all(missing.map((d) => sender.post(url, d, 60_000)));
    retried += missing.length;
    for (const o of again) if (is2xx(o)) accepted.add(o.delivery.messageId);
    await sleep(options.pauseMs);
  }
  return { accepted, retried };
}

