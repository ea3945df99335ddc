import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueBoardMount } from '../../src/http/admin-board.js';
import { adminPlugin } from '../../src/http/admin-plugin.js';
import type { EventQueue } from '../../src/queue/event-queue.js';
import { EVENT_QUEUE } from '../../src/queue/event-queue.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { discardPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { serveTestReceiver } from '../helpers/receiver-process.js';

const TOKEN = 'admin-token-0123456789abcdef0123';
const SECRET = 'whsec-admin-0123456789';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** What a browser on the dashboard itself sends with its actions. */
const FROM_DASHBOARD = { 'sec-fetch-site': 'same-origin' };
// The 401 cases below are many wrong logins from one address: more than the default limit allows.
const dashboard = (queue: EventQueue) => [adminPlugin({ token: TOKEN, mounts: [queueBoardMount({ queue })], limiter: { maxFailures: 1000 } })];
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

async function listen(receiver: TestReceiver): Promise<string> {
  return receiver.app.listen({ port: 0, host: '127.0.0.1' });
}

describe('queue dashboard without ADMIN_TOKEN', () => {
  const prefix = uniquePrefix('admin-off');
  let receiver: TestReceiver;
  let base: string;

  beforeAll(async () => {
    receiver = await startTestReceiver({ prefix, secrets: [SECRET] });
    base = await listen(receiver);
  });
  afterAll(() => receiver.discard());

  it('does not exist: 404 for the page and the API, whatever the credentials', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
      expect((await fetch(`${base}${path}`, { headers: bearer(TOKEN) })).status).toBe(404);
    }
  });

  it('refuses to be built with an empty or short token', () => {
    expect(() => adminPlugin({ token: ' ', mounts: [queueBoardMount({ queue: receiver.queue })] })).toThrow(/ADMIN_TOKEN/);
    expect(() => adminPlugin({ token: 'short-token', mounts: [queueBoardMount({ queue: receiver.queue })] })).toThrow(/24 characters/);
  });
});

describe('queue dashboard with ADMIN_TOKEN', () => {
  const prefix = uniquePrefix('admin-on');
  let receiver: TestReceiver;
  let base: string;

  beforeAll(async () => {
    receiver = await startTestReceiver({
      prefix,
      secrets: [SECRET],
      plugins: dashboard,
    });
    base = await listen(receiver);
  });
  afterAll(() => receiver.discard());

  it.each([
    ['no credentials', {}],
    ['a wrong bearer token', bearer('nope')],
    ['a token that is a prefix of the right one', bearer(TOKEN.slice(0, -1))],
    ['a wrong basic-auth password', basic('admin', 'nope')],
    ['the token as basic-auth user name', basic(TOKEN, '')],
    ['an unknown scheme', { authorization: `Token ${TOKEN}` }],
  ])('answers 401 with a basic-auth challenge to %s', async (_label, headers) => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
      const response = await fetch(`${base}${path}`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="systeme-hooks"/);
      expect(await response.text()).not.toContain('<html');
    }
  });

  it('serves the page and its assets to a browser that logs in with any user name and the token', async () => {
    const headers = basic('anyone', TOKEN);
    const page = await fetch(`${base}/admin/queues`, { headers });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}/admin/queues/${script}`, { headers });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await asset.text()).length).toBeGreaterThan(1000);
    // Deep links into the single-page app are served the same page.
    expect((await fetch(`${base}/admin/queues/queue/${EVENT_QUEUE}`, { headers })).status).toBe(200);
  });

  it('answers its JSON API to a bearer token', async () => {
    await receiver.queue.add('SALE_NEW', { marker: 'waiting-job' } as never, { jobId: 'admin-waiting' });
    const response = await fetch(`${base}/admin/queues/api/queues?activeQueue=${EVENT_QUEUE}&status=waiting`, {
      headers: bearer(TOKEN),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { queues: { name: string; counts: Record<string, number>; jobs: { id: string }[] }[] };
    const queue = body.queues.find((q) => q.name === EVENT_QUEUE);
    expect(queue?.counts.waiting).toBe(1);
    expect(queue?.jobs.map((job) => job.id)).toEqual(['admin-waiting']);
    await receiver.queue.remove('admin-waiting');
  });

  it('retries a failed job through the API, as the dashboard button does (PUT, no body)', async () => {
    const failing = new Worker(
      EVENT_QUEUE,
      async () => {
        throw new Error('upstream said no');
      },
      { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix, autorun: false },
    );
    const failed = new Promise<void>((resolve) => failing.once('failed', () => resolve()));
    await receiver.queue.add('SALE_NEW', { marker: 'failing-job' } as never, { jobId: 'admin-failing', attempts: 1 });
    // Only there to fail one job: what its connections report while it closes is not the test's business.
    failing.on('error', () => undefined);
    failing.run().catch(() => undefined);
    await failed;
    await failing.close();
    expect(await (await receiver.queue.getJob('admin-failing'))?.getState()).toBe('failed');

    const retry = await fetch(`${base}/admin/queues/api/queues/${EVENT_QUEUE}/admin-failing/retry/failed`, {
      method: 'PUT',
      headers: { ...bearer(TOKEN), ...FROM_DASHBOARD },
    });
    expect(retry.status).toBe(204);
    expect(await (await receiver.queue.getJob('admin-failing'))?.getState()).toBe('waiting');
    await receiver.queue.remove('admin-failing');
  });

  it('refuses to add a job or edit its data: no event enters the queue without a signature', async () => {
    const headers = { ...bearer(TOKEN), ...FROM_DASHBOARD, 'content-type': 'application/json' };
    const added = await fetch(`${base}/admin/queues/api/queues/${EVENT_QUEUE}/add`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'SALE_CANCELED', data: { event: 'SALE_CANCELED', payload: { customer: { contactId: 501 } } }, options: { jobId: 'admin-forged' } }),
    });
    expect(added.status).toBe(405);
    expect(await added.text()).toContain('retries failed ones');
    expect(await receiver.queue.getJob('admin-forged')).toBeUndefined();
    expect(await receiver.queue.count()).toBe(0);

    await receiver.queue.add('SALE_NEW', { marker: 'kept-as-is' } as never, { jobId: 'admin-edited' });
    const edited = await fetch(`${base}/admin/queues/api/queues/${EVENT_QUEUE}/admin-edited/update-data`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ data: { event: 'SALE_CANCELED', payload: { customer: { contactId: 501 } } } }),
    });
    expect(edited.status).toBe(405);
    expect((await receiver.queue.getJob('admin-edited'))?.data).toEqual({ marker: 'kept-as-is' });

    // Nor anything else that writes, except retrying failed jobs: the CLI does the rest.
    for (const [method, path] of [
      ['PUT', `${EVENT_QUEUE}/admin-edited/promote`],
      ['PUT', `${EVENT_QUEUE}/admin-edited/clean`],
      ['PUT', `${EVENT_QUEUE}/admin-edited/retry/completed`],
      ['PUT', `${EVENT_QUEUE}/clean/completed`],
      ['PUT', `${EVENT_QUEUE}/empty`],
      ['PUT', `${EVENT_QUEUE}/pause`],
      ['PUT', 'pause'],
    ]) {
      expect((await fetch(`${base}/admin/queues/api/queues/${path}`, { method, headers: { ...bearer(TOKEN), ...FROM_DASHBOARD } })).status, path).toBe(405);
    }
    expect(await receiver.queue.getJob('admin-edited')).toBeDefined();
    expect(await receiver.queue.isPaused()).toBe(false);
    await receiver.queue.remove('admin-edited');

    // Still raw bytes on the webhook route: an unsigned body is refused by the signature check.
    const webhook = await fetch(`${base}/webhooks/systeme/sale-new`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(webhook.status).toBe(401);
    expect(webhook.headers.get('www-authenticate')).toBeNull();
  });

  it('refuses queue actions from another site, with or without Sec-Fetch-Site, even with the credentials', async () => {
    const foreign = await fetch(`${base}/admin/queues/api/queues/${EVENT_QUEUE}/retry/failed`, {
      method: 'PUT',
      headers: { ...basic('anyone', TOKEN), origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const marked = await fetch(`${base}/admin/queues/api/queues/${EVENT_QUEUE}/retry/failed`, {
      method: 'PUT',
      headers: { ...basic('anyone', TOKEN), 'sec-fetch-site': 'cross-site' },
    });
    expect(marked.status).toBe(403);
    // The cross-site form post of the finding: text/plain, which needs no preflight.
    const form = await fetch(`${base}/admin/queues/api/queues/${EVENT_QUEUE}/add`, {
      method: 'POST',
      headers: { ...basic('anyone', TOKEN), origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{"name":"x","data":{}}',
    });
    expect(form.status).toBe(403);
    expect(await form.text()).not.toMatch(/ERR |script|Lua/);
    const page = await fetch(`${base}/admin/queues`, { headers: { ...basic('anyone', TOKEN), 'sec-fetch-site': 'cross-site' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('keeps pages, API answers and assets out of caches, under a CSP', async () => {
    const headers = basic('anyone', TOKEN);
    const html = await (await fetch(`${base}/admin/queues`, { headers })).text();
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    for (const path of ['/admin/queues', '/admin/queues/api/queues', `/admin/queues/${script}`, '/admin/queues/api/queues?x=1']) {
      const response = await fetch(`${base}${path}`, { headers });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(response.headers.get('content-security-policy'), path).toContain("script-src 'self'");
    }
    // The page loads nothing from elsewhere that the CSP would then block.
    expect(html).not.toMatch(/<script(?![^>]*src=")(?![^>]*type="application\/json")/);
  });

  it('leaves the rest of the receiver open: health and metrics need no token', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });
});

describe('queue dashboard while Redis fails', () => {
  const prefix = uniquePrefix('admin-redis');
  let receiver: TestReceiver;
  let base: string;
  beforeAll(async () => {
    receiver = await startTestReceiver({ prefix, secrets: [SECRET], plugins: dashboard });
    base = await listen(receiver);
  });
  afterAll(() => receiver.discard());

  it("answers 500 without Redis's error text", async () => {
    receiver.redis.disconnect();
    const response = await fetch(`${base}/admin/queues/api/queues?activeQueue=${EVENT_QUEUE}`, { headers: bearer(TOKEN) });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'Internal Server Error', message: 'The request failed; the receiver log says why.' });
    expect(text).not.toMatch(/Stream|writeable|Connection|offline/i);
    expect(receiver.logs.lines.some((line) => line.msg === 'queue dashboard request failed')).toBe(true);
  });
});

describe('serve: the dashboard follows ADMIN_TOKEN', () => {
  const prefix = uniquePrefix('admin-serve');
  afterAll(() => discardPrefix(prefix));

  const serveWith = (env: Record<string, string>) => serveTestReceiver({ prefix, secret: SECRET, env });

  it('mounts it behind the token when ADMIN_TOKEN is set, and never logs the token', async () => {
    const receiver = await serveWith({ ADMIN_TOKEN: TOKEN });
    try {
      expect((await fetch(`${receiver.address}/admin/queues`)).status).toBe(401);
      expect((await fetch(`${receiver.address}/admin/queues/api/queues`, { headers: bearer(TOKEN) })).status).toBe(200);
    } finally {
      await receiver.close();
    }
    expect(receiver.logs.text()).not.toContain(TOKEN);
  });

  it('leaves it out when ADMIN_TOKEN is empty, and refuses a short token', async () => {
    const off = await serveWith({ ADMIN_TOKEN: '' });
    try {
      expect((await fetch(`${off.address}/admin/queues`, { headers: bearer(TOKEN) })).status).toBe(404);
    } finally {
      await off.close();
    }
    await expect(serveWith({ ADMIN_TOKEN: 'short-token' })).rejects.toThrow(/ADMIN_TOKEN: needs at least 24 characters/);
  });
});
