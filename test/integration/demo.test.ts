import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo/run-demo.js';
import { testRedisUrl } from '../helpers/redis.js';

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
  }, 90_000);
});
