import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phpJsonEncode } from '../../src/events/php-json.js';
import { runCli } from '../helpers/cli.js';
import { signedHeaders } from '../helpers/deliveries.js';
import { stopAllChildren, type ReceiverChild } from '../helpers/resilience-children.js';
import { printFigures, reactionFigures } from '../helpers/resilience-figures.js';
import { createSender, type Delivery } from '../helpers/resilience-load.js';
import { answeredWhilePaused, expectFailoverKeptEveryDelivery, is2xx, streamUnderFaults } from '../helpers/failover-stream.js';
import { FIRST_CONTACT, startStack, TAG_EVERY_NEW_CONTACT, type Stack } from '../helpers/resilience-stack.js';
import { RESILIENCE_SECRETS } from '../helpers/secrets.js';
import { startCluster, type RedisCluster } from '../helpers/start-cluster.js';
import { ask } from '../helpers/start-sentinel.js';
import { waitFor } from '../helpers/wait-for.js';

const RATE = 50;
const MAX_DELIVERIES = 4_000;
/** Contacts of the sales: past those of the stream. */
const SALE_CONTACT = FIRST_CONTACT + MAX_DELIVERIES;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

const RULES = `${TAG_EVERY_NEW_CONTACT}
  - name: tag-buyers
    on: SALE_NEW
    do:
      - add_tag: { id: 11 }
`;

function saleDelivery(event: 'SALE_NEW' | 'SALE_CANCELED', contactId: number, orderItem: number): Delivery {
  const body = phpJsonEncode({
    customer: { id: orderItem, contactId, email: `contact${contactId}@example.com`, fields: {} },
    order: { id: orderItem, createdAt: new Date().toISOString().replace('Z', '+00:00'), totalPrice: 4900 },
    orderItem: { id: orderItem, createdAt: new Date().toISOString().replace('Z', '+00:00'), resources: [] },
    pricePlan: { id: 3456, name: 'Course', type: 'one_shot', amount: 4900, currency: 'eur' },
  });
  const headers = signedHeaders(body, RESILIENCE_SECRETS.webhook, event);
  return { messageId: headers['x-webhook-message-id'], contactId, body, headers };
}

describe('a Redis Cluster of three primaries, each with two replicas, under the whole service', () => {
  let cluster: RedisCluster | undefined;
  let stack: Stack | undefined;
  let receiver: ReceiverChild | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ primaries: 3, replicas: 2, nodeTimeoutMs: 2000 });
    stack = await startStack({
      contacts: MAX_DELIVERIES + 10,
      rules: RULES,
      cluster: { nodes: cluster.nodeList },
      env: { REDIS_ACK_REPLICAS: '1', REDIS_ACK_TIMEOUT: '500ms' },
    });
    receiver = await stack.startReceiver();
    await stack.startWorker();
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
    await stopAllChildren();
    await cluster?.stop();
  });

  it('tells redeliveries and replayed sales apart, and keeps every key of the installation in one slot', async () => {
    const sender = createSender(8);
    const post = (delivery: Delivery) => sender.post(receiver!.url, delivery);
    const first = stack!.delivery(FIRST_CONTACT + MAX_DELIVERIES - 1);
    const sale = saleDelivery('SALE_NEW', SALE_CONTACT, 770_001);
    const replayed = { ...sale, messageId: randomUUID() };
    replayed.headers = { ...sale.headers, 'x-webhook-message-id': replayed.messageId };
    const cancelled = saleDelivery('SALE_CANCELED', SALE_CONTACT + 1, 770_002);
    const afterCancel = saleDelivery('SALE_NEW', SALE_CONTACT + 1, 770_002);

    const statuses = [];
    for (const delivery of [first, first, sale, sale, replayed, cancelled, afterCancel]) statuses.push((await post(delivery)).status);
    sender.close();
    // Queued (202), then a redelivery (200), a sale queued then redelivered, its replay under
    // another message id (200, not queued), a cancellation, and the cancelled item's sale (200).
    expect(statuses).toEqual([202, 200, 202, 200, 200, 202, 200]);
    await stack!.waitHandled([first.messageId, sale.messageId, cancelled.messageId], 120_000);
    // The receiver's log lines reach this process a little after its answers.
    const replays = () => receiver!.lines().filter((line) => line.outcome === 'replayed');
    await waitFor(() => (replays().length >= 2 ? true : undefined), 30_000).catch(() => undefined);
    expect(replays()).toHaveLength(2);
    const writes = await stack!.tagWrites();
    expect([writes.get(first.contactId), writes.get(SALE_CONTACT), writes.get(SALE_CONTACT + 1)]).toEqual([1, 1, undefined]);

    // Every key of this installation (BullMQ's and ours) hashes to the slot of its prefix, so
    // all of them live on one master, and the other masters hold none.
    const slot = await cluster!.slotOf(stack!.keyPrefix);
    const owner = await cluster!.masterOf(slot);
    const pattern = `${stack!.keyPrefix}:*`;
    const keysOn = async (port: number) => (await ask(port, (client) => client.keys(pattern))).length;
    const masters = [owner, ...(await Promise.all([0, 1, 2].map((i) => cluster!.masterOf([0, 6000, 12000][i]!))))];
    const counts = new Map(await Promise.all([...new Set(masters)].map(async (node) => [node.port, await keysOn(node.port)] as const)));
    expect(counts.get(owner.port)).toBeGreaterThan(5);
    expect([...counts].filter(([port, count]) => port !== owner.port && count > 0)).toEqual([]);
    expect(counts.size).toBe(3);
  }, 300_000);

  it('acknowledges nothing no replica holds, survives the kill of the primary and of a worker, and processes every 2xx exactly once', async () => {
    const slot = await cluster!.slotOf(stack!.keyPrefix);
    const primary = await cluster!.masterOf(slot);
    const replicas = await cluster!.replicasOf(primary.port);
    expect(replicas).toHaveLength(2);
    const all = Array.from({ length: MAX_DELIVERIES - 1 }, (_, i) => stack!.delivery(FIRST_CONTACT + i));
    const at = { pausedAt: Infinity, resumedAt: Infinity, failedOverAt: Infinity };
    const { outcomes, deliveries, accepted, retried, view } = await streamUnderFaults({
      receiver: receiver!,
      deliveries: all,
      rate: RATE,
      async script(stream) {
        const { step, count } = stream;
        await step('150 deliveries accepted', () => stream.accepted2xx() > 150);
        // The first worker dies mid-stream (SIGKILL); a second one takes over its jobs.
        await stack!.workers[0]!.stop('SIGKILL');
        await stack!.startWorker();
        // The slot's replicas stop answering (SIGSTOP): no WAIT can be confirmed.
        for (const replica of replicas) replica.pause();
        at.pausedAt = Date.now();
        await step('40 answered 503 while the replicas are paused', () => count((o) => o.sentAt > at.pausedAt && o.status === 503) >= 40);
        at.resumedAt = Date.now();
        for (const replica of replicas) replica.resume();
        await cluster!.waitHealthy();
        await step('200 accepted after the replicas resumed', () => count((o) => o.sentAt > at.resumedAt && is2xx(o)) >= 200);
        // The crash of the primary holding the slot: the cluster promotes its replica.
        stream.markKilled();
        await primary.kill('SIGKILL');
        await step('the cluster naming a new master for the slot', async () => (await cluster!.masterOf(slot).catch(() => primary)).port !== primary.port);
        at.failedOverAt = Date.now();
        await step('100 accepted after the receiver is back', () => stream.backAt() < Infinity && count((o) => o.sentAt > stream.backAt() && is2xx(o)) >= 100, 180_000);
      },
    });
    await stack!.waitHandled(accepted, 240_000);

    const figures = reactionFigures({
      sent: new Map(deliveries.map((d) => [d.messageId, d.contactId])),
      accepted,
      handled: stack!.handled(),
      writesByContact: new Map([...(await stack!.tagWrites())].filter(([contact]) => contact < FIRST_CONTACT + MAX_DELIVERIES - 1)),
    });
    const whilePaused = answeredWhilePaused(outcomes, at);
    printFigures('Redis Cluster failover', figures, {
      answeredWhileReplicasPaused: whilePaused.length,
      acknowledgedWhileReplicasPaused: whilePaused.filter(is2xx).length,
      retried,
      clusterFailoverSeconds: seconds(at.failedOverAt - view.killedAt()),
      secondsWithout2xx: seconds(view.backAt() - view.killedAt()),
      otherAnswers: view.count((o) => o.status !== 202 && o.status !== 200 && o.status !== 503),
    });

    expectFailoverKeptEveryDelivery({ whilePaused, view, figures, sent: deliveries.length });
    // The receiver followed the new slot map by itself.
    expect(stack!.receivers).toHaveLength(1);
    expect(receiver!.running()).toBe(true);
  }, 900_000);

  it("answers the operator's commands on the cluster: failed jobs and one contact's history", async () => {
    const failed = await runCli(['failed', 'list', '--json'], stack!.env);
    expect(failed.code, failed.stderr).toBe(0);
    expect(JSON.parse(failed.stdout)).toEqual(expect.any(Array));
    const history = await runCli(['history', String(SALE_CONTACT), '--json'], stack!.env);
    expect(history.code, history.stderr).toBe(0);
    const steps = JSON.stringify(JSON.parse(history.stdout));
    expect(steps).toContain('SALE_NEW');
    expect(steps).toContain('add_tag');
  }, 120_000);
});
