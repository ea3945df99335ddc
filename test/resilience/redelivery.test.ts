import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAllChildren } from '../helpers/resilience-children.js';
import { printFigures, reactionFigures } from '../helpers/resilience-figures.js';
import { seededRandom } from '../helpers/resilience-fuzz.js';
import { startHttpProxy, type HttpProxy } from '../helpers/resilience-proxy.js';
import { startStack, type Stack } from '../helpers/resilience-stack.js';
import { RESILIENCE_SECRETS } from '../helpers/secrets.js';

const CONTACTS = 200;
const DROP_SHARE = 0.3;

interface DeliveryRecord {
  messageId: string;
  attempt: number;
  status: number | null;
}

describe('the simulator redelivers when answers are lost on the way back', () => {
  let stack: Stack | undefined;
  let proxy: HttpProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
    await stack?.close();
    await stopAllChildren();
  });

  it('absorbs the duplicates: one reaction per event', async () => {
    const random = seededRandom(424242);
    stack = await startStack({ contacts: 0, sim: { webhookAttempts: 5, webhookRetryDelayMs: 100 } });
    const receiver = await stack.startReceiver();
    await stack.startWorker();
    // The delivery reaches the receiver (which stores it), but its answer never reaches Systeme.io.
    proxy = await startHttpProxy(receiver.url, () => (random() < DROP_SHARE ? { dropAnswer: true } : {}));
    const api = (path: string, body: unknown) =>
      fetch(`${stack!.simUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': RESILIENCE_SECRETS.apiKey },
        body: JSON.stringify(body),
      });
    const webhook = await api('/api/webhooks', {
      name: 'systeme-hooks',
      url: `${proxy.url}/webhooks/systeme`,
      secret: RESILIENCE_SECRETS.webhook,
      subscriptions: ['CONTACT_CREATED'],
    });
    expect(webhook.status).toBe(201);

    const contactIds: number[] = [];
    for (let i = 0; i < CONTACTS; i++) {
      const created = await api('/api/contacts', { email: `redelivered${i}@example.com` });
      contactIds.push(((await created.json()) as { id: number }).id);
    }
    // Wait for the simulator to settle every event: a 2xx, or attempts exhausted.
    let deliveries: DeliveryRecord[] = [];
    for (const deadline = Date.now() + 90_000; ; ) {
      deliveries = (await (await fetch(`${stack.simUrl}/__sim/deliveries`)).json()) as DeliveryRecord[];
      const settled = new Set(deliveries.filter((d) => d.status !== null || d.attempt === 5).map((d) => d.messageId));
      if (settled.size === CONTACTS) break;
      if (Date.now() > deadline) throw new Error(`${CONTACTS - settled.size} events still being delivered after 90 s`);
      await sleep(200);
    }
    const messageIds = [...new Set(deliveries.map((d) => d.messageId))];
    // Every delivery the proxy forwarded reached the receiver: it answered each one.
    const reachedReceiver = new Set(proxy.log.filter((e) => e.status !== null && e.status < 300).map((e) => String(e.headers['x-webhook-message-id'])));
    await stack.waitHandled(reachedReceiver, 60_000);

    const sent = new Map<string, number>();
    for (const entry of proxy.log) {
      const contact = (JSON.parse(entry.body.toString('utf8')) as { contact: { id: number } }).contact;
      sent.set(String(entry.headers['x-webhook-message-id']), contact.id);
    }
    const figures = reactionFigures({ sent, accepted: reachedReceiver, handled: stack.handled(), writesByContact: await stack.tagWrites() });
    const counts = await stack.queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
    printFigures('redelivery', figures, {
      attempts: deliveries.length,
      answersDropped: proxy.log.filter((e) => e.dropped).length,
      duplicateAnswers: proxy.log.filter((e) => e.status === 200).length,
      jobs: counts.completed ?? 0,
    });

    expect(messageIds).toHaveLength(CONTACTS);
    expect(new Set(sent.values())).toEqual(new Set(contactIds));
    expect(deliveries.length).toBeGreaterThan(CONTACTS);
    expect(proxy.log.some((e) => e.status === 200)).toBe(true);
    expect(reachedReceiver.size).toBe(CONTACTS);
    expect(counts.completed).toBe(CONTACTS);
    expect(figures.lost).toBe(0);
    expect(figures.duplicates).toBe(0);
  }, 180_000);
});
