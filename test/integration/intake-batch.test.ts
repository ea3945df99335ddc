import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../../src/events/event-types.js';
import { readDelivery } from '../../src/http/read-delivery.js';
import type { EventQueue } from '../../src/queue/event-queue.js';
import { IntakeUnavailableError, type EnqueueResult, type Intake } from '../../src/queue/intake-port.js';
import { createReceiverIntake } from '../../src/queue/receiver-intake.js';
import { createProducerRedis } from '../../src/stores/redis-connections.js';
import { recentFixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const SECRET = 'whsec-batch-0123456789abcdef';
const saleBody = (orderItem: number) => Buffer.from(recentFixtureBody('sale-new.json').toString().replace('"id":777', `"id":${orderItem}`));

/** A delivery as the receiver reads it: on the single-secret route its body digest goes along. */
function delivery(body: Buffer, event: EventType, options: { messageId?: string; route?: 'single' | 'event' } = {}) {
  const route = options.route ?? 'event';
  const headers = signedHeaders(body, SECRET, event, options.messageId ? { 'x-webhook-message-id': options.messageId } : {});
  const read = readDelivery(body, headers, { secrets: [SECRET], route });
  if (read.kind !== 'accept') throw new Error(`not accepted: ${read.kind}`);
  return { job: read.job, dedupeId: read.dedupeId, options: route === 'single' && read.bodyDigest ? { bodyDigest: read.bodyDigest } : {} };
}

type Delivery = ReturnType<typeof delivery>;

/** Every delivery handed to the intake in the same turn of the event loop, as concurrent requests are. */
const sameTurn = (intake: Intake, deliveries: Delivery[]) =>
  Promise.allSettled(deliveries.map((d) => intake.enqueue(d.job, d.dedupeId, d.options)));

const statuses = (settled: PromiseSettledResult<EnqueueResult>[]) =>
  settled.map((s) => (s.status === 'fulfilled' ? s.value.status : s.reason instanceof IntakeUnavailableError ? 'unavailable' : String(s.reason)));

describe('intake checks of deliveries that arrive together', () => {
  const prefix = uniquePrefix('batch');
  let redis: Redis;
  let queue: EventQueue;
  let intake: Intake;
  let admin: Redis;
  beforeAll(() => {
    redis = createProducerRedis(testRedisUrl());
    redis.on('error', () => undefined);
    ({ queue, intake } = createReceiverIntake({ redis, prefix, dedupeTtlMs: 60_000 }));
    admin = redisClient();
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await deletePrefix(admin, prefix);
    admin.disconnect();
  });

  it('queues each of many distinct sales once, each with its own job', async () => {
    const deliveries = Array.from({ length: 40 }, (_, i) => delivery(saleBody(10_000 + i), 'SALE_NEW', { route: 'single' }));
    const settled = await sameTurn(intake, deliveries);
    expect(statuses(settled)).toEqual(deliveries.map(() => 'queued'));
    const ids = settled.map((s) => (s.status === 'fulfilled' ? s.value.jobId : undefined));
    expect(new Set(ids).size).toBe(40);
    const jobs = await Promise.all(ids.map((id) => queue.getJob(id!)));
    expect(jobs.map((job) => job?.data.messageId)).toEqual(deliveries.map((d) => d.job.messageId));
  });

  it('tells duplicates and replays apart within one batch, in the order the deliveries came', async () => {
    const messageId = randomUUID();
    const first = delivery(saleBody(20_001), 'SALE_NEW', { messageId });
    const redelivered = delivery(saleBody(20_001), 'SALE_NEW', { messageId });
    const replayed = delivery(saleBody(20_001), 'SALE_NEW');
    const cancel = delivery(saleBody(20_002), 'SALE_CANCELED');
    const afterCancel = delivery(saleBody(20_002), 'SALE_NEW');
    const asNew = delivery(saleBody(20_003), 'SALE_NEW', { route: 'single' });
    const asCancel = delivery(saleBody(20_003), 'SALE_CANCELED', { route: 'single' });
    const settled = await sameTurn(intake, [first, redelivered, replayed, cancel, afterCancel, asNew, asCancel]);
    expect(statuses(settled)).toEqual(['queued', 'duplicate', 'replayed', 'queued', 'replayed', 'queued', 'replayed']);
    const [queued, duplicate, replay, , cancelled, , crossEvent] = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    expect(duplicate).toEqual({ status: 'duplicate', jobId: queued?.jobId });
    expect(replay).toMatchObject({ reason: expect.stringContaining('already accepted under another message id') });
    expect(cancelled).toMatchObject({ reason: 'order-item:20002 was already cancelled' });
    expect(crossEvent).toMatchObject({ reason: 'this body was already accepted as SALE_NEW' });
    // The cancelled order item stays cancelled; the replay sent again is still a replay.
    expect(statuses(await sameTurn(intake, [afterCancel, replayed]))).toEqual(['replayed', 'replayed']);
  });

  it('answers unavailable to every delivery of a batch whose checks fail, stores none of them, and takes them all when sent again', async () => {
    const deliveries = Array.from({ length: 5 }, (_, i) => delivery(saleBody(30_000 + i), 'SALE_NEW', { route: 'single' }));
    // The third delivery's body binding key holds a list: the script fails on it, in the middle of the batch.
    const blocker = `${prefix}:body-event:${deliveries[2]!.options.bodyDigest!}`;
    await admin.rpush(blocker, 'not-an-event');
    const waitingBefore = await queue.getWaitingCount();
    expect(statuses(await sameTurn(intake, deliveries))).toEqual(deliveries.map(() => 'unavailable'));
    expect(await queue.getWaitingCount()).toBe(waitingBefore);

    // Systeme.io delivers them again: none is a duplicate or a replay of a half-done attempt.
    await admin.del(blocker);
    expect(statuses(await sameTurn(intake, deliveries))).toEqual(deliveries.map(() => 'queued'));
    expect(await queue.getWaitingCount()).toBe(waitingBefore + 5);
  });

  it('answers unavailable to every delivery of a batch while Redis is away', async () => {
    const away = createProducerRedis('redis://127.0.0.1:1', { retryStrategy: () => null, lazyConnect: true });
    away.on('error', () => undefined);
    const unreachable = createReceiverIntake({ redis: away, prefix, dedupeTtlMs: 60_000, timeoutMs: 1000 });
    unreachable.queue.on('error', () => undefined);
    try {
      const deliveries = Array.from({ length: 3 }, (_, i) => delivery(saleBody(40_000 + i), 'SALE_NEW'));
      expect(statuses(await sameTurn(unreachable.intake, deliveries))).toEqual(['unavailable', 'unavailable', 'unavailable']);
    } finally {
      await unreachable.queue.close().catch(() => undefined);
      away.disconnect();
    }
  });
});
