import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobData } from '../../src/events/job-data.js';
import { createEventQueue, EVENT_QUEUE, type EventQueue } from '../../src/queue/event-queue.js';
import { createRedisLedger } from '../../src/stores/redis-stores.js';
import { runCli } from '../helpers/cli.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('cli-failed');
let redis: Redis;
let queue: EventQueue;
const ids: Record<string, string> = {};

/** 22 base64url characters beginning with '-': the shape of a job id an earlier version made. */
const DASHED_ID = '-a9abfzcNBgo7PDH92Go0Q';

const env = () => ({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix });

function job(event: JobData['event'], messageId: string): JobData {
  return {
    event,
    messageId,
    eventTimestamp: '2026-09-27T20:16:26+00:00',
    receivedAt: new Date().toISOString(),
    schemaVersion: event.startsWith('SALE_') ? '2' : '1',
    route: 'event',
    payload: { contact: { id: 12345 }, marker: messageId },
  };
}

/** Real failed jobs: queued like the receiver does, failed for good by a worker whose processor throws. */
beforeAll(async () => {
  redis = redisClient();
  queue = createEventQueue({ connection: redis, prefix, attempts: 3 });
  for (const [name, event] of [['sale-1', 'SALE_NEW'], ['sale-2', 'SALE_NEW'], ['contact-1', 'CONTACT_CREATED'], ['old', 'SALE_CANCELED']] as const) {
    ids[name] = (await queue.add(event, job(event, `msg-${name}`))).id!;
  }
  // An id that begins with '-', as earlier versions could make them.
  ids.dashed = (await queue.add('CONTACT_TAG_ADDED', job('CONTACT_TAG_ADDED', 'msg-dashed'), { jobId: DASHED_ID })).id!;
  // Kept for an hour: the file's tests must find it however slowly a busy machine runs them.
  const ledger = createRedisLedger({ redis, prefix, ttlMs: 3_600_000 });
  await ledger.mark('msg-sale-1', 'buyers#0');
  const worker = new Worker(
    EVENT_QUEUE,
    async (current) => {
      throw new UnrecoverableError(`boom: tag "Customers" for ${String(current.data.messageId)}`);
    },
    { connection: redisClient(), prefix, concurrency: 4 },
  );
  await new Promise<void>((resolve) => {
    let failed = 0;
    worker.on('failed', () => ++failed === 5 && resolve());
  });
  await worker.close();
  // "old" failed 40 days ago: BullMQ sorts failed jobs by when they failed and keeps it in finishedOn.
  const longAgo = Date.now() - 40 * 86_400_000;
  await redis.zadd(`${prefix}:${EVENT_QUEUE}:failed`, 'XX', longAgo, ids.old!);
  await redis.hset(`${prefix}:${EVENT_QUEUE}:${ids.old!}`, 'finishedOn', longAgo);
});

afterAll(async () => {
  await queue.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('failed list', () => {
  it('lists failed jobs, newest first, filtered by event, age and count', async () => {
    const all = await runCli(['failed', 'list', '--json'], env());
    expect(all.code, all.stderr).toBe(0);
    const jobs = JSON.parse(all.stdout) as { id: string; event: string; reason: string; attemptsMade: number }[];
    expect(jobs.map((j) => j.id).sort()).toEqual(Object.values(ids).sort());
    expect(jobs.at(-1)!.id).toBe(ids.old);
    expect(jobs[0]!.reason).toMatch(/^boom: tag "Customers" for msg-/);

    const sales = JSON.parse((await runCli(['failed', 'list', '--event', 'SALE_NEW', '--json'], env())).stdout) as { id: string }[];
    expect(sales.map((j) => j.id).sort()).toEqual([ids['sale-1'], ids['sale-2']].sort());
    const recent = JSON.parse((await runCli(['failed', 'list', '--since', '2h', '--json'], env())).stdout) as { id: string }[];
    expect(recent.map((j) => j.id)).not.toContain(ids.old);
    expect(recent).toHaveLength(4);

    const table = await runCli(['failed', 'list', '--limit', '1'], env());
    expect(table.stdout).toMatch(/ID\s+EVENT\s+FAILED AT\s+ATTEMPTS\s+REASON/);
    expect(table.stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('failed show', () => {
  it('shows payload, error, stack head, attempts and the actions already done', async () => {
    const result = await runCli(['failed', 'show', ids['sale-1']!], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Job ${ids['sale-1']} (failed)`);
    expect(result.stdout).toContain('message id   msg-sale-1');
    expect(result.stdout).toContain('error        boom: tag "Customers" for msg-sale-1');
    expect(result.stdout).toMatch(/stack\n\s+UnrecoverableError: boom/);
    expect(result.stdout).toMatch(/actions already done \(kept when retried\)\n\s+buyers#0\s+\d{4}-/);
    expect(result.stdout).toContain('"marker": "msg-sale-1"');

    const json = JSON.parse((await runCli(['failed', 'show', ids['sale-1']!, '--json'], env())).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ state: 'failed', event: 'SALE_NEW', attemptsMade: 1, attempts: 3, payload: { marker: 'msg-sale-1' } });
    expect(Object.keys(json.done as object)).toEqual(['buyers#0']);
  });

  it('takes an id that begins with "-" as the id, before or after --json', async () => {
    const result = await runCli(['failed', 'show', DASHED_ID], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Job ${DASHED_ID} (failed)`);
    const json = await runCli(['failed', 'show', '--json', DASHED_ID], env());
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: DASHED_ID, event: 'CONTACT_TAG_ADDED' });
  });

  it('fails on an unknown id', async () => {
    const result = await runCli(['failed', 'show', 'no-such-job'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No job no-such-job');
  });
});

describe('failed retry and purge', () => {
  it('retries one job, then all of an event type; the ledger keeps the done actions', async () => {
    const one = await runCli(['failed', 'retry', ids['sale-1']!], env());
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`retried  ${ids['sale-1']}  SALE_NEW`);
    expect(await queue.getJobState(ids['sale-1']!)).toBe('waiting');
    expect((await queue.getJob(ids['sale-1']!))!.attemptsMade).toBe(0);
    expect(await createRedisLedger({ redis, prefix, ttlMs: 1 }).list('msg-sale-1')).toHaveProperty('buyers#0');

    const again = await runCli(['failed', 'retry', ids['sale-1']!], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is waiting, not failed');

    const contacts = await runCli(['failed', 'retry', '--all', '--event', 'CONTACT_CREATED'], env());
    expect(contacts.stdout).toContain('1 job(s) back in the queue.');
    expect(await queue.getJobState(ids['contact-1']!)).toBe('waiting');
    expect(await queue.getJobState(ids['sale-2']!)).toBe('failed');

    const dashed = await runCli(['failed', 'retry', DASHED_ID], env());
    expect(dashed.code, dashed.stderr).toBe(0);
    expect(await queue.getJobState(DASHED_ID)).toBe('waiting');
  });

  it('purges only the failed jobs older than --older-than', async () => {
    const result = await runCli(['failed', 'purge', '--older-than', '30d'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Removed 1 failed job(s).');
    expect(await queue.getJob(ids.old!)).toBeUndefined();
    expect(await queue.getJobState(ids['sale-2']!)).toBe('failed');
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['failed', 'retry'], env())).code).toBe(2);
    expect((await runCli(['failed', 'retry', 'x', '--all'], env())).code).toBe(2);
    expect((await runCli(['failed', 'purge'], env())).code).toBe(2);
    expect((await runCli(['failed', 'list', '--since', 'soon'], env())).code).toBe(2);
  });
});

describe('without Redis', () => {
  it('fails fast with a clear message', async () => {
    // Exiting by itself with code 1 before the 15 s kill (code null) is the fast failure: no
    // endless reconnecting (a fixed time limit would depend on how busy the machine is).
    const result = await runCli(['failed', 'list'], { REDIS_URL: 'redis://:hunter2@127.0.0.1:1' }, { timeoutMs: 15_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach Redis at redis://:***@127.0.0.1:1');
    expect(result.stderr).toContain('is it running? set REDIS_URL');
    expect(result.stderr).not.toContain('hunter2');
  });
});
