import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo/run-demo.js';
import { killGroup, processesInGroup, runInOwnGroup } from '../helpers/process-group.js';
import { redisClient, testRedisUrl } from '../helpers/redis.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run demo', () => {
  it('shows a sale turning into tags, an enrollment and a membership, and the refund taking them back', async () => {
    let output = '';
    const out = new Writable({
      write(chunk, _encoding, callback) {
        output += String(chunk);
        callback();
      },
    });
    const code = await runDemo({ REDIS_URL: testRedisUrl() }, out);
    expect(code, output).toBe(0);
    expect(output).toContain('5 created, 0 updated, 0 unchanged');
    expect(output).toMatch(/SALE_NEW\s+→ http:\/\/127\.0\.0\.1:\d+\/webhooks\/systeme\/sale-new {2}HTTP 202/);
    expect(output).toMatch(/SALE_NEW\s+rules: buyers-get-the-course/);
    expect(output).toContain('refunds-lose-access: unenroll → done');
    expect(output).toMatch(/POST {3}\/api\/school\/courses\/680647\/enrollments {2}201/);
    expect(output).toMatch(/after the sale: +tags \[Customers, plan-3456\], course 680647: enrolled, community 77: member/);
    expect(output).toMatch(/after the refund: +tags \[plan-3456\], course 680647: not enrolled, community 77: not a member/);
    expect(output).toContain('Demo OK');

    // The history the demo prints of its buyer, as `systeme-hooks history jane.doe@example.com` does.
    const history = output.split('$ systeme-hooks history jane.doe@example.com\n')[1] ?? '';
    expect(history).toMatch(/^Contact \d+ — <jane\.doe@example\.com>/);
    const sale = history.split(/\n\n(?=SALE_NEW )/)[1]?.split('\n\n')[0] ?? '';
    const refund = history.split(/\n\n(?=SALE_CANCELED )/)[1]?.split('\n\n')[0] ?? '';
    expect(history.indexOf('SALE_CANCELED ')).toBeLessThan(history.indexOf('SALE_NEW '));
    expect(sale).toMatch(/delivery queued \(HTTP 202\), price plan 3456 \(Monthly\)/);
    expect(sale).toContain('rule     buyers-get-the-course: matched');
    for (const action of ['#0 add_tag "Customers" → done', '#1 add_tag "plan-3456" → done', '#2 enroll course 680647 (full_access) → done',
      '#3 join_community community 77 → done', '#4 set_field customer_since']) expect(sale).toContain(`buyers-get-the-course${action}`);
    expect(sale).toMatch(/api +POST \/api\/school\/courses\/\{id\}\/enrollments → 201/);
    expect(sale).toContain('attempt 1 of 10: completed');
    expect(refund).toContain('rule     refunds-lose-access: matched');
    for (const action of ['#0 cancel_subscription now', '#1 unenroll course 680647 → done', '#2 leave_community community 77 → done',
      '#3 remove_tag "Customers" → done']) expect(refund).toContain(`refunds-lose-access${action}`);
    expect(refund).toContain('attempt 1 of 10: completed');
    // A rule that did not match says which condition failed and what it saw.
    expect(history).toMatch(/french-leads: not matched, failed contact\.locale eq "fr" \(saw "en"\)/);
    expect(output).not.toContain('demo-key');
    // In a Redis it did not start, the demo leaves none of its keys.
    const redis = redisClient();
    try {
      expect(await redis.keys('demo-*')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 90_000);

  it('exits 0 by itself without REDIS_URL, the redis-server it started stopped after the worker', async () => {
    expect(spawnSync('redis-server', ['--version']).status, 'this test needs redis-server on PATH').toBe(0);
    // As the README runs it (`npm run demo` = build, then this), with no REDIS_URL in the environment.
    const run = await runInOwnGroup(process.execPath, ['dist/src/cli/demo/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      timeoutMs: 120_000,
    });
    const left = processesInGroup(run.pgid);
    killGroup(run.pgid);
    expect(run.timedOut, `the demo did not exit within 120 s:\n${run.output}`).toBe(false);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Redis: started redis-server on redis:\/\/127\.0\.0\.1:\d+/);
    expect(run.output).toContain('Demo OK');
    expect(run.output).not.toContain('Could not close');
    expect(left, 'processes the demo left running').toEqual([]);
  }, 150_000);
});
