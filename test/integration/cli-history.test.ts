import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryStep } from '../../src/history/history-entry.js';
import { createRedisHistory } from '../../src/stores/redis-history.js';
import { runCli } from '../helpers/cli.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('cli-history');
const env = (extra: Record<string, string> = {}) => ({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, ...extra });
let redis: Redis;
const now = Date.now();
const hour = 3_600_000;

/** Steps as the receiver and the worker write them: an old sale, then a refund that failed for good. */
function steps(): HistoryStep[] {
  const sale = { messageId: 'msg-sale', event: 'SALE_NEW' as const, jobId: 'job-sale' };
  const refund = { messageId: 'msg-refund', event: 'SALE_CANCELED' as const, jobId: 'job-refund' };
  const contact = { id: 4242, email: 'Jane@Example.com', name: 'Jane \u001b[31mDoe' };
  return [
    { t: now - 48 * hour, kind: 'delivery', ...sale, answer: 'queued', status: 202, contact, about: 'price plan 3456 (Monthly), order item 9' },
    { t: now - 48 * hour + 10, kind: 'rule', ...sale, rule: 'buyers', matched: true },
    { t: now - 48 * hour + 11, kind: 'rule', ...sale, rule: 'vip', matched: false, failed: ['tag.name eq "vip" (saw missing)'] },
    { t: now - 48 * hour + 20, kind: 'api', ...sale, operation: 'contacts.addTag', method: 'POST', path: '/api/contacts/{id}/tags', status: 204 },
    { t: now - 48 * hour + 21, kind: 'action', ...sale, rule: 'buyers', index: 0, type: 'add_tag', does: 'add_tag "Customers"', outcome: 'done' },
    { t: now - 48 * hour + 30, kind: 'attempt', ...sale, attempt: 1, attempts: 10, outcome: 'completed' },
    { t: now - hour, kind: 'delivery', ...refund, answer: 'queued', status: 202, contact },
    { t: now - hour + 5, kind: 'delivery', ...refund, answer: 'duplicate', status: 200, contact },
    { t: now - hour + 10, kind: 'action', ...refund, rule: 'refunds', index: 0, type: 'cancel_subscription', does: 'cancel_subscription now (price plan 3456)', outcome: 'failed', error: 'two active subscriptions', willRetry: false },
    { t: now - hour + 20, kind: 'attempt', ...refund, attempt: 1, attempts: 10, outcome: 'failed', error: 'rule "refunds" action 0 failed' },
  ];
}

beforeAll(async () => {
  redis = redisClient();
  await createRedisHistory({ redis, prefix, retentionMs: 90 * 24 * hour, maxPerContact: 1000 }).append({ id: 4242, email: 'Jane@Example.com' }, steps());
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('systeme-hooks history', () => {
  it('prints the timeline by email, deliveries newest first, one line per step, and how to retry a failure', async () => {
    const result = await runCli(['history', 'jane@example.com'], env());
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^Contact 4242 — Jane \?\[31mDoe <Jane@Example\.com>\n2 deliveries, newest first/);
    expect(out.indexOf('SALE_CANCELED')).toBeLessThan(out.indexOf('SALE_NEW'));
    expect(out).toMatch(/SALE_CANCELED {2}\S+ {2}message msg-refund {2}job job-refund {2}→ failed/);
    expect(out).toMatch(/delivery +queued \(HTTP 202\)\n.*delivery +duplicate \(HTTP 200\)/);
    expect(out).toContain('action   refunds#0 cancel_subscription now (price plan 3456) → failed: two active subscriptions (not retried)');
    expect(out).toContain('retry it: systeme-hooks failed retry job-refund');
    expect(out).toContain('rule     vip: not matched, failed tag.name eq "vip" (saw missing)');
    expect(out).toContain('api      POST /api/contacts/{id}/tags → 204');
    expect(out).toContain('attempt  attempt 1 of 10: completed');
    // A name carrying a terminal escape sequence is printed without it.
    expect(out).not.toContain('\u001b');
  }, 90_000);

  it('filters with --since and --event, and prints JSON with --json', async () => {
    const recent = await runCli(['history', '4242', '--since', '2h'], env());
    expect(recent.stdout).toContain('SALE_CANCELED');
    expect(recent.stdout).not.toContain('SALE_NEW');
    const json = JSON.parse((await runCli(['history', '4242', '--event', 'sale-new', '--json'], env())).stdout) as {
      contactId: number; email: string; deliveries: { event: string; status: string; jobIds: string[]; steps: { kind: string }[] }[];
    };
    expect(json.contactId).toBe(4242);
    expect(json.deliveries).toHaveLength(1);
    expect(json.deliveries[0]).toMatchObject({ event: 'SALE_NEW', status: 'completed', jobIds: ['job-sale'] });
    expect(json.deliveries[0]!.steps.map((s) => s.kind)).toEqual(['delivery', 'rule', 'rule', 'api', 'action', 'attempt']);
  }, 90_000);

  it('exits 1 when nothing is known, 2 for something that is neither an email nor an id', async () => {
    const unknown = await runCli(['history', 'nobody@example.com'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Nothing is known about nobody@example.com');
    expect((await runCli(['history', '999999'], env())).code).toBe(1);
    expect((await runCli(['history', '4242', '--event', 'CONTACT_CREATED'], env())).code).toBe(1);
    const bad = await runCli(['history', 'jane'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('neither a contact id');
    const off = await runCli(['history', '4242'], env({ HISTORY_RETENTION: '0' }));
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('HISTORY_RETENTION=0');
  }, 90_000);
});
