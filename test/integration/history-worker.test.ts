import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { HistoryStep } from '../../src/history/history-entry.js';
import { createRedisHistory } from '../../src/stores/redis-history.js';
import { API_KEY, SEED, salePayload, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deletePrefix, redisClient, uniquePrefix } from '../helpers/redis.js';

const RULES = `
rules:
  - name: buyers
    on: SALE_NEW
    when:
      pricePlan.id: 3456
    do:
      - add_tag: Customers
      - enroll: { course: 680647, access: full_access }
  - name: other-plan
    on: SALE_NEW
    when:
      pricePlan.id: 9999
    do:
      - add_tag: Other
  - name: refunds
    on: SALE_CANCELED
    do:
      - remove_tag: Customers
`;

const pipelines: Pipeline[] = [];
const reader = redisClient();
afterEach(async () => {
  for (const pipeline of pipelines.splice(0)) await pipeline.close();
});
afterAll(() => reader.disconnect());

async function pipeline(options: Parameters<typeof startPipeline>[0]): Promise<Pipeline> {
  const started = await startPipeline(options);
  pipelines.push(started);
  return started;
}

const historyOf = (p: Pipeline) => createRedisHistory({ redis: reader, prefix: p.config.redis.prefix, ...p.config.history });
const of = <K extends HistoryStep['kind']>(steps: HistoryStep[], kind: K) => steps.filter((s): s is Extract<HistoryStep, { kind: K }> => s.kind === kind);

describe('the worker records each attempt in the contact history', () => {
  it('rules matched and not (with the failed condition), actions, API calls by path template, and the outcome', async () => {
    const p = await pipeline({ rules: RULES, seed: SEED });
    const job = await p.deliver('SALE_NEW', salePayload(501, 'ann@example.com'), 'msg-history-sale');
    expect((await p.settle(job)).finishedOn).toBeDefined();
    const steps = await historyOf(p).read(501);
    expect(steps.every((s) => s.messageId === 'msg-history-sale' && s.jobId === job && s.event === 'SALE_NEW')).toBe(true);
    // The receiver's answer, recorded from the job with its first attempt.
    expect(steps[0]).toMatchObject({ kind: 'delivery', answer: 'queued', status: 202, contact: { id: 501, email: 'ann@example.com', name: 'Ann' }, about: 'price plan 3456 (Monthly), order item 777' });
    expect(of(steps, 'delivery')).toHaveLength(1);
    expect(of(steps, 'rule')).toEqual([
      expect.objectContaining({ rule: 'buyers', matched: true }),
      expect.objectContaining({ rule: 'other-plan', matched: false, failed: ['pricePlan.id eq 9999 (saw 3456)'] }),
    ]);
    // The rule listening to another event is left out.
    expect(of(steps, 'rule').map((s) => s.rule)).not.toContain('refunds');
    expect(of(steps, 'action').map(({ rule, index, type, does, outcome }) => ({ rule, index, type, does, outcome }))).toEqual([
      { rule: 'buyers', index: 0, type: 'add_tag', does: 'add_tag "Customers"', outcome: 'done' },
      { rule: 'buyers', index: 1, type: 'enroll', does: 'enroll course 680647 (full_access)', outcome: 'done' },
    ]);
    const calls = of(steps, 'api').map((s) => `${s.method} ${s.path} ${s.status}`);
    expect(calls).toContain('POST /api/contacts/{id}/tags 204');
    expect(calls).toContain('POST /api/school/courses/{id}/enrollments 201');
    expect(of(steps, 'attempt')).toEqual([expect.objectContaining({ attempt: 1, attempts: 10, outcome: 'completed' })]);
    expect(steps.at(-1)!.kind).toBe('attempt');
    // No key, no header: the API key never reaches Redis.
    const raw = await reader.lrange(`${p.config.redis.prefix}:history:contact:501`, 0, -1);
    expect(raw.join('\n')).not.toContain(API_KEY);
    expect(raw.join('\n')).not.toMatch(/x-api-key/i);
  });

  it('a failed action says whether it will be retried; the last attempt is a failure for good', async () => {
    const p = await pipeline({ rules: RULES, seed: SEED, sim: { failRate: 1 }, env: { JOB_ATTEMPTS: '2', API_RETRIES: '0' } });
    const job = await p.deliver('SALE_NEW', salePayload(501, 'ann@example.com'), 'msg-history-fail');
    expect((await p.settle(job, 30_000)).failedReason).toBeTruthy();
    const steps = await historyOf(p).read(501);
    const attempts = of(steps, 'attempt');
    expect(attempts.map((s) => [s.attempt, s.outcome])).toEqual([[1, 'retry'], [2, 'failed']]);
    expect(of(steps, 'delivery')).toHaveLength(1);
    expect(attempts[1]!.error).toMatch(/rule "buyers" action 0 \(add_tag\) failed/);
    const failures = of(steps, 'action').filter((s) => s.outcome === 'failed');
    expect(failures.map((s) => s.willRetry)).toEqual([true, false]);
    expect(failures[0]!.error).toMatch(/50[03]/);
    expect(of(steps, 'api').every((s) => s.status === 500 || s.status === 503)).toBe(true);
  });

  it('a payload that fails its schema: the delivery, answered 202, and the failure for good', async () => {
    const p = await pipeline({ rules: RULES, seed: SEED });
    const job = await p.deliver('CONTACT_TAG_ADDED', { contact: { id: 777001, email: 'no-tag@example.com' } }, 'msg-history-invalid');
    await p.settle(job);
    const steps = await historyOf(p).read(777001);
    expect(steps.map((s) => s.kind)).toEqual(['delivery', 'attempt']);
    expect(steps[0]).toMatchObject({ answer: 'invalid_payload', status: 202, reason: expect.stringContaining('CONTACT_TAG_ADDED payload') });
    expect(steps[1]).toMatchObject({ outcome: 'failed', error: expect.stringContaining('failed retry') });
    expect(await historyOf(p).contactIdFor('no-tag@example.com')).toBe(777001);
  });

  it('keeps at most HISTORY_MAX_PER_CONTACT steps, the newest', async () => {
    const p = await pipeline({ rules: RULES, seed: SEED, env: { HISTORY_MAX_PER_CONTACT: '10' } });
    await p.settle(await p.deliver('SALE_NEW', salePayload(501, 'ann@example.com'), 'msg-history-cap'));
    const redis = redisClient();
    expect(await redis.llen(`${p.config.redis.prefix}:history:contact:501`)).toBe(10);
    const steps = await historyOf(p).read(501);
    expect(steps.at(-1)).toMatchObject({ kind: 'attempt', outcome: 'completed' });
    redis.disconnect();
  });

  it('writes nothing with HISTORY_RETENTION=0', async () => {
    const p = await pipeline({ rules: RULES, seed: SEED, env: { HISTORY_RETENTION: '0' } });
    await p.settle(await p.deliver('SALE_NEW', salePayload(501, 'ann@example.com'), 'msg-history-off'));
    const redis = redisClient();
    expect(await redis.keys(`${p.config.redis.prefix}:history:*`)).toEqual([]);
    redis.disconnect();
  });
});

describe('the history store', () => {
  it('drops steps older than the retention, expires idle contacts, and finds a contact by email', async () => {
    const prefix = uniquePrefix('history-store');
    const redis = redisClient();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = createRedisHistory({ redis, prefix, retentionMs: 86_400_000, maxPerContact: 100, now: () => now, secrets: ['the-api-key-0123'] });
    const step = (t: number, messageId: string): HistoryStep => ({
      t, kind: 'api', messageId, event: 'SALE_NEW', operation: 'contacts.get', method: 'GET', path: '/api/contacts/{id}', status: 'network: the-api-key-0123 leaked' as never,
    });
    await store.append({ id: 42, email: 'Ann@Example.com' }, [step(now, 'old-1'), step(now + 1, 'old-2')]);
    now += 2 * 86_400_000;
    await store.append({ id: 42 }, [step(now, 'new')]);
    expect((await store.read(42)).map((s) => s.messageId)).toEqual(['new']);
    expect(await redis.llen(`${prefix}:history:contact:42`)).toBe(1);
    const ttl = await redis.pttl(`${prefix}:history:contact:42`);
    expect(ttl).toBeGreaterThan(86_000_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000);
    expect(await store.contactIdFor('ann@example.com')).toBe(42);
    expect(await store.contactIdFor('bob@example.com')).toBeUndefined();
    expect(JSON.stringify(await store.read(42))).not.toContain('the-api-key-0123');
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });
});
