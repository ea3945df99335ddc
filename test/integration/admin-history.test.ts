import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyPageMount } from '../../src/http/admin-history.js';
import { adminPlugin } from '../../src/http/admin-plugin.js';
import { EVENT_QUEUE } from '../../src/queue/event-queue.js';
import { retryFailedJob } from '../../src/queue/retry-failed.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const TOKEN = 'admin-token-history-0123456789abcdef';
const SECRET = 'whsec-admin-history-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
/** The retry form as a browser posts it. */
// A browser marks the page's own form posts same-origin (Sec-Fetch-Site).
const post = (receiver: TestReceiver, fields: Record<string, string>, headers: Record<string, string> = { ...auth, 'sec-fetch-site': 'same-origin' }) =>
  receiver.app.inject({
    method: 'POST',
    url: '/admin/retry',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

describe('history page without ADMIN_TOKEN', () => {
  it('does not exist', async () => {
    const receiver = await startTestReceiver({ prefix: uniquePrefix('history-off'), secrets: [SECRET], history: { retentionMs: 60_000, maxPerContact: 10 } });
    try {
      for (const url of ['/admin', '/admin/history.css']) expect((await receiver.app.inject({ url, headers: auth })).statusCode).toBe(404);
      expect((await receiver.app.inject({ method: 'POST', url: '/admin/retry', headers: auth })).statusCode).toBe(404);
    } finally {
      await receiver.discard();
    }
  });
});

describe('history page with ADMIN_TOKEN', () => {
  const prefix = uniquePrefix('history-page');
  let receiver: TestReceiver;
  let failedJob: string;

  beforeAll(async () => {
    receiver = await startTestReceiver({
      prefix,
      secrets: [SECRET],
      history: { retentionMs: 86_400_000, maxPerContact: 100 },
      plugins: (queue, history) => [adminPlugin({ token: TOKEN, mounts: [historyPageMount({ queue, history: history!, retry: retryFailedJob })] })],
    });
    const failing = new Worker(EVENT_QUEUE, async () => {
      throw new Error('upstream said no');
    }, { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix, autorun: false });
    const failed = new Promise<void>((resolve) => failing.once('failed', () => resolve()));
    failedJob = (await receiver.queue.add('SALE_NEW', { marker: 'x' } as never, { attempts: 1 })).id!;
    // Only there to fail one job: what its connections report while it closes is not the test's business.
    failing.on('error', () => undefined);
    failing.run().catch(() => undefined);
    await failed;
    await failing.close();
    const base = { messageId: 'msg-<hostile>', event: 'CONTACT_TAG_ADDED' as const, jobId: failedJob };
    await receiver.history!.append({ id: 31337, email: 'eve@example.com' }, [
      { t: Date.now() - 1000, kind: 'delivery', ...base, answer: 'queued', status: 202,
        contact: { id: 31337, email: 'eve@example.com', name: '<img src=x onerror=alert(1)>' }, about: 'tag "a\\"b<i>"' },
      { t: Date.now() - 900, kind: 'rule', ...base, rule: 'r', matched: false, failed: ['tag.name eq "vip" (saw "</ol><script>alert(2)</script>")'] },
      { t: Date.now() - 800, kind: 'attempt', ...base, attempt: 1, attempts: 1, outcome: 'failed', error: 'upstream said no' },
    ]);
  });
  afterAll(() => receiver.discard());

  it('answers 401 with a basic-auth challenge without the token', async () => {
    const page = await receiver.app.inject({ url: '/admin' });
    expect(page.statusCode).toBe(401);
    expect(page.headers['www-authenticate']).toMatch(/^Basic realm="systeme-hooks"/);
    expect((await post(receiver, { job: failedJob }, {})).statusCode).toBe(401);
  });

  it('serves plain HTML under a strict policy, and its stylesheet', async () => {
    const page = await receiver.app.inject({ url: '/admin', headers: auth });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<form class="search" method="get" action="/admin"');
    expect(page.body).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    const css = await receiver.app.inject({ url: '/admin/history.css', headers: auth });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('escapes everything a payload put in the history', async () => {
    const page = await receiver.app.inject({ url: '/admin?q=eve%40example.com', headers: auth });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2>&lt;img src=x onerror=alert(1)&gt;</h2>');
    expect(page.body).toContain('tag &quot;a\\&quot;b&lt;i&gt;&quot;');
    expect(page.body).toContain('&lt;/ol&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page.body).toContain('msg-&lt;hostile&gt;');
    expect(page.body).not.toMatch(/<script|<img|<i>/);
    expect(page.body).toContain(`href="/admin/queues/queue/events/${failedJob}"`);
    expect(page.body).toContain(`<input type="hidden" name="job" value="${failedJob}">`);
  });

  it('refuses bad searches with 400 and says why', async () => {
    const page = await receiver.app.inject({ url: '/admin?q=1&event=NOPE', headers: auth });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Bad search: event');
    expect((await receiver.app.inject({ url: '/admin?q=not-an-email', headers: auth })).statusCode).toBe(400);
  });

  it('retries a failed job from the form, refuses another site, and does not retry twice', async () => {
    const crossSite = await post(receiver, { job: failedJob }, { ...auth, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    // Neither Sec-Fetch-Site nor Origin: a script, not the page; refused too.
    expect((await post(receiver, { job: failedJob }, auth)).statusCode).toBe(403);
    expect(await receiver.queue.getJobState(failedJob)).toBe('failed');
    expect((await post(receiver, {})).statusCode).toBe(400);

    const retried = await post(receiver, { job: failedJob, q: 'eve@example.com' });
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe(`/admin?q=eve%40example.com&retried=${failedJob}`);
    expect(await receiver.queue.getJobState(failedJob)).toBe('waiting');
    const after = await receiver.app.inject({ url: retried.headers.location!, headers: auth });
    expect(after.body).toContain(`Job ${failedJob} is back in the queue`);
    expect(after.body).toContain('Job is now waiting.');
    expect(after.body).not.toContain('Retry job');

    const again = await post(receiver, { job: failedJob, q: 'eve@example.com' });
    expect(again.headers.location).toBe(`/admin?q=eve%40example.com&unchanged=${failedJob}`);
  });
});
