import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../../src/events/event-types.js';
import { readDelivery } from '../../src/http/read-delivery.js';
import { prepareAdd } from '../../src/queue/bullmq-add.js';
import { compactId } from '../../src/queue/compact-id.js';
import { createEventQueue, type EventQueue } from '../../src/queue/event-queue.js';
import { IntakeUnavailableError, type EnqueueResult, type Intake } from '../../src/queue/intake-port.js';
import { createReceiverIntake } from '../../src/queue/receiver-intake.js';
import { createProducerRedis } from '../../src/stores/redis-connections.js';
import { recentFixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startRedisBinary } from '../helpers/start-redis.js';

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
    // One body sent as two events: built once, since its createdAt is the current second.
    const body = saleBody(20_003);
    const asNew = delivery(body, 'SALE_NEW', { route: 'single' });
    const asCancel = delivery(body, 'SALE_CANCELED', { route: 'single' });
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

  it('gives a sale a job id that never begins with "-", and still knows a redelivery of a sale stored under one', async () => {
    // A message id whose digest begins with '-': before ids were made option-safe, its job id did too.
    let messageId = randomUUID();
    while (!compactId(`SALE_NEW:${messageId}`).startsWith('-')) messageId = randomUUID();
    const first = delivery(saleBody(80_001), 'SALE_NEW', { messageId });
    const [queued] = await sameTurn(intake, [first]);
    const jobId = queued!.status === 'fulfilled' ? queued!.value.jobId! : '';
    expect(jobId).toMatch(/^0[\w-]{15}\.[\w-]{8}$/);

    // The order item as an earlier version stored it: its dedupe key names the job id with the '-'.
    const job = await queue.getJob(jobId);
    const dedupeKey = `${prefix}:events:de:${job!.opts.deduplication!.id}`;
    await admin.set(dedupeKey, `-${jobId.slice(1)}`, 'KEEPTTL');
    const redelivered = delivery(saleBody(80_001), 'SALE_NEW', { messageId });
    const replayed = delivery(saleBody(80_001), 'SALE_NEW');
    const settled = await sameTurn(intake, [redelivered, replayed]);
    expect(statuses(settled)).toEqual(['duplicate', 'replayed']);
  });

  it('answers unavailable to the one delivery of a batch whose write fails, stores the others, and takes it when sent again', async () => {
    const deliveries = Array.from({ length: 5 }, (_, i) => delivery(saleBody(30_000 + i), 'SALE_NEW', { route: 'single' }));
    // The third delivery's body binding key holds a list: its write fails, in the middle of the batch.
    const blocker = `${prefix}:body-event:${deliveries[2]!.options.bodyDigest!}`;
    await admin.rpush(blocker, 'not-an-event');
    const waitingBefore = await queue.getWaitingCount();
    const first = await sameTurn(intake, deliveries);
    expect(statuses(first)).toEqual(['queued', 'queued', 'unavailable', 'queued', 'queued']);
    expect(await queue.getWaitingCount()).toBe(waitingBefore + 4);
    // The refused one says why, for the log line of its 503.
    const refused = first[2]!;
    expect(refused.status === 'rejected' && String((refused.reason as IntakeUnavailableError).cause)).toContain('WRONGTYPE');

    // Systeme.io delivers them all again: the four stored ones are duplicates, the fifth is taken now.
    await admin.del(blocker);
    expect(statuses(await sameTurn(intake, deliveries))).toEqual(['duplicate', 'duplicate', 'queued', 'duplicate', 'duplicate']);
    expect(await queue.getWaitingCount()).toBe(waitingBefore + 5);
  });

  it('stores a job exactly as BullMQ\'s own add does: the same fields, dedupe key and place in the queue', async () => {
    const ours = delivery(saleBody(50_001), 'SALE_NEW');
    const settled = await sameTurn(intake, [ours]);
    const jobId = settled[0]!.status === 'fulfilled' ? settled[0]!.value.jobId! : '';
    const job = await queue.getJob(jobId);
    expect(job?.data).toEqual(ours.job);
    expect(await job?.getState()).toBe('waiting');

    // The same job added by BullMQ's queue.add, with the same options, into a queue of its own.
    const otherPrefix = `${prefix}-bullmq`;
    const reference = createEventQueue({ connection: redis, prefix: otherPrefix });
    try {
      const deduplication = job!.opts.deduplication!;
      await reference.add('SALE_NEW', ours.job, { jobId, deduplication });
      const stored = async (keyPrefix: string) => {
        const { timestamp, ...fields } = await admin.hgetall(`${keyPrefix}:events:${jobId}`);
        expect(Number(timestamp)).toBeGreaterThan(Date.now() - 60_000);
        return {
          fields,
          waiting: await admin.lrange(`${keyPrefix}:events:wait`, 0, -1),
          dedupe: await admin.get(`${keyPrefix}:events:de:${deduplication.id}`),
          dedupeTtl: Math.round((await admin.pttl(`${keyPrefix}:events:de:${deduplication.id}`)) / 10_000),
          events: (await admin.xrange(`${keyPrefix}:events:events`, '-', '+')).map(([, entry]) => entry),
        };
      };
      const [mine, theirs] = [await stored(prefix), await stored(otherPrefix)];
      expect(mine.fields).toEqual(theirs.fields);
      expect(mine.fields.deid).toBe(deduplication.id);
      expect(mine.waiting).toContain(jobId);
      expect(theirs.waiting).toEqual([jobId]);
      expect(mine.dedupe).toBe(jobId);
      expect(mine.dedupeTtl).toBe(theirs.dedupeTtl);
      expect(mine.events.at(-1)).toEqual(theirs.events.at(-1));
    } finally {
      await reference.close();
      await deletePrefix(admin, otherPrefix);
    }
  });

  it('refuses, with the reason, a job that BullMQ would not add with its standard script', () => {
    const { job } = delivery(saleBody(60_001), 'SALE_NEW');
    expect(() => prepareAdd(queue, 'SALE_NEW', job, { jobId: 'later', delay: 1000 })).toThrow(/did not build its standard add for job later \(addDelayedJob/);
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

  it('answers unavailable to every delivery of a call Redis does not answer in time, and takes their redeliveries as duplicates once it stored them', async () => {
    // A Redis of its own: pausing it holds back no other test.
    const server = await startRedisBinary();
    const slow = createProducerRedis(server.url);
    slow.on('error', () => undefined);
    const stalled = createReceiverIntake({ redis: slow, prefix, dedupeTtlMs: 60_000, timeoutMs: 500 });
    const control = new Redis(server.url);
    try {
      await stalled.queue.waitUntilReady();
      const deliveries = Array.from({ length: 3 }, (_, i) => delivery(saleBody(70_000 + i), 'SALE_NEW'));
      // Writes wait 4 s: far longer than the intake's 500 ms, however late a busy machine runs its timer.
      await control.call('CLIENT', 'PAUSE', '4000', 'WRITE');
      const settled = await sameTurn(stalled.intake, deliveries);
      expect(statuses(settled)).toEqual(['unavailable', 'unavailable', 'unavailable']);
      const first = settled[0]!;
      expect(first.status === 'rejected' && String((first.reason as IntakeUnavailableError).cause)).toContain('no answer from Redis within 500 ms');
      // Redis ran the call once the pause ended: Systeme.io's redeliveries find the jobs stored.
      await expect.poll(() => stalled.queue.getWaitingCount(), { timeout: 30_000 }).toBe(3);
      expect(statuses(await sameTurn(stalled.intake, deliveries))).toEqual(['duplicate', 'duplicate', 'duplicate']);
    } finally {
      control.disconnect();
      await stalled.queue.close().catch(() => undefined);
      slow.disconnect();
      await server.stop();
    }
  });
});

