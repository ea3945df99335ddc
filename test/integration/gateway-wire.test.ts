import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import {
  AbortedError,
  MatonConnectionError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
  createGateway,
  type CallRecord,
  type GatewayOptions,
} from '../../src/gateway/index.js';

// A tiny stand-in for the API: records each request and answers what the test says.
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } | 'hang';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function standIn(answer: (request: Seen, count: number) => Answer) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(request);
      const reply = answer(request, seen.length);
      if (reply === 'hang') return;
      if (reply.delayMs) await delay(reply.delayMs);
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(handle);
  return handle;
}

const KEY = 'sk_live_do-not-leak-7f3a9c';
const tag = { id: 7, name: 'vip', createdAt: '2026-01-01T00:00:00+00:00' };
const contact = { id: 12, email: 'jane@example.com', fields: [], tags: [] };

function gateway(url: string, extra: Partial<GatewayOptions> = {}) {
  const sleeps: number[] = [];
  const calls: CallRecord[] = [];
  const client = createGateway({
    baseUrl: url,
    auth: { mode: 'direct', apiKey: KEY },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    onCall: (call) => calls.push(call),
    ...extra,
  });
  return { client, sleeps, calls };
}

describe('gateway on the wire: headers', () => {
  it('sends X-API-Key in direct mode, and JSON content types per method', async () => {
    const api = await standIn((req) => ({ status: req.method === 'DELETE' ? 204 : 200, body: req.url.startsWith('/api/tags') ? tag : contact }));
    const { client } = gateway(api.url, { userAgent: 'hooks-test/1' });
    await client.tags.get(7);
    await client.tags.rename(7, 'vip');
    await client.contacts.update(12, { fields: [{ slug: 'first_name', value: 'Jane' }] });
    await client.contacts.addTag(12, 7);
    await client.tags.delete(7);

    const [get, put, patch, post, del] = api.seen;
    expect(get?.headers).toMatchObject({ 'x-api-key': KEY, 'user-agent': 'hooks-test/1', accept: 'application/json' });
    expect(get?.headers.authorization).toBeUndefined();
    expect(get?.headers['content-type']).toBeUndefined();
    expect(put).toMatchObject({ method: 'PUT', url: '/api/tags/7', body: '{"name":"vip"}' });
    expect(put?.headers['content-type']).toBe('application/json');
    expect(patch?.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch?.body ?? '')).toEqual({ fields: [{ slug: 'first_name', value: 'Jane' }] });
    expect(post).toMatchObject({ method: 'POST', url: '/api/contacts/12/tags', body: '{"tagId":7}' });
    expect(post?.headers['content-type']).toBe('application/json');
    expect(del).toMatchObject({ method: 'DELETE', url: '/api/tags/7' });
  });

  it('sends a bearer token and Maton-Connection in Maton mode, under the base path', async () => {
    const api = await standIn(() => ({ status: 200, body: tag }));
    const { client } = gateway(`${api.url}/systeme/`, { auth: { mode: 'maton', apiKey: KEY, connection: 'conn-42' } });
    await client.tags.get(7);
    const { client: withoutConnection } = gateway(`${api.url}/systeme`, { auth: { mode: 'maton', apiKey: KEY } });
    await withoutConnection.tags.get(7);

    expect(api.seen[0]?.url).toBe('/systeme/api/tags/7');
    expect(api.seen[0]?.headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'maton-connection': 'conn-42' });
    expect(api.seen[0]?.headers['x-api-key']).toBeUndefined();
    expect(api.seen[1]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.seen[1]?.headers['maton-connection']).toBeUndefined();
  });
});

describe('gateway on the wire: retries', () => {
  it('retries a GET after 5xx and succeeds, calling beforeRequest before every attempt', async () => {
    const api = await standIn((_req, n) => (n < 3 ? { status: n === 1 ? 503 : 502, body: { title: 'down' } } : { status: 200, body: tag }));
    const before: string[] = [];
    const { client, sleeps, calls } = gateway(api.url, {
      beforeRequest: async (info) => {
        before.push(`${info.operation} ${info.method} ${info.path}`);
      },
    });
    expect(await client.tags.get(7)).toMatchObject({ id: 7, name: 'vip' });
    expect(api.seen).toHaveLength(3);
    expect(before).toEqual(Array(3).fill('tags.get GET /api/tags/7'));
    expect(sleeps).toEqual([100, 200]);
    expect(calls.map((call) => call.status)).toEqual([503, 502, 200]);
    expect(calls[0]).toMatchObject({ operation: 'tags.get', method: 'GET', path: '/api/tags/7' });
    expect(calls.every((call) => call.durationMs >= 0)).toBe(true);
  });

  it('gives up after the configured retries with a ServerError', async () => {
    const api = await standIn(() => ({ status: 500, body: { title: 'Internal', detail: 'database away' } }));
    const { client } = gateway(api.url, { retries: 1 });
    const error = await client.tags.get(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toContain('database away');
    expect(api.seen).toHaveLength(2);
  });

  it('does not repeat a POST after a 5xx', async () => {
    const api = await standIn(() => ({ status: 500 }));
    const { client, sleeps } = gateway(api.url);
    await expect(client.tags.create('vip')).rejects.toBeInstanceOf(ServerError);
    await expect(client.subscriptions.cancel(3, 'Now')).rejects.toBeInstanceOf(ServerError);
    expect(api.seen.map((req) => req.method)).toEqual(['POST', 'POST']);
    expect(JSON.parse(api.seen[1]?.body ?? '')).toEqual({ cancel: 'Now' });
    expect(sleeps).toEqual([]);
  });

  it('waits a short Retry-After of a 503, and hands back a long one', async () => {
    const short = await standIn((_req, n) => (n === 1 ? { status: 503, headers: { 'retry-after': '3' } } : { status: 200, body: tag }));
    const first = gateway(short.url);
    await first.client.tags.get(7);
    expect(first.sleeps).toEqual([3000]);

    const long = await standIn(() => ({ status: 503, headers: { 'retry-after': '120' } }));
    const second = gateway(long.url);
    const error = await second.client.tags.get(7).catch((e: unknown) => e);
    expect((error as ServerError).retryAfterMs).toBe(120_000);
    expect(long.seen).toHaveLength(1);
  });

  it('surfaces 429 at once, with the delay from Retry-After or X-RateLimit-Refill', async () => {
    const api = await standIn((_req, n) => ({
      status: 429,
      headers: (n === 1 ? { 'retry-after': '4', 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0' } : { 'x-ratelimit-refill': '9' }) as Record<string, string>,
      body: { title: 'Too Many Requests' },
    }));
    const { client, sleeps } = gateway(api.url);
    const first = await client.tags.get(7).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimitedError);
    expect(first).toMatchObject({ status: 429, retryable: true, retryAfterMs: 4000, operation: 'tags.get' });
    const second = await client.tags.get(7).catch((e: unknown) => e);
    expect((second as RateLimitedError).retryAfterMs).toBe(9000);
    expect(api.seen).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('retries a refused connection even for a POST, since nothing was sent', async () => {
    const api = await standIn(() => ({ status: 200 }));
    const { url } = api;
    await api.close();
    const { client, calls } = gateway(url);
    const error = await client.tags.create('vip').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).requestSent).toBe(false);
    expect((error as NetworkError).message).toContain('ECONNREFUSED');
    expect(calls.map((call) => call.status)).toEqual(['network', 'network', 'network']);
  });
});

describe('gateway on the wire: an answer cut short', () => {
  it('is a network error, retried for a GET, and a GET answered whole the next time succeeds', async () => {
    let count = 0;
    const server = createServer((_req, res) => {
      count += 1;
      if (count === 1) {
        // Headers promise 500 bytes; 20 come, then the connection drops.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"id":7,"name":"vip"');
        setTimeout(() => res.destroy(), 20);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tag));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) });
    const { client, calls } = gateway(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(await client.tags.get(7)).toEqual(tag);
    expect(calls.map((call) => call.status)).toEqual(['network', 200]);
  });
});

describe('gateway on the wire: timeouts and aborts', () => {
  it('times out each attempt and retries a GET', async () => {
    // The answer never comes: only the per-attempt timeout can end the call.
    const api = await standIn(() => 'hang');
    const { client, calls } = gateway(api.url, { timeoutMs: 50, retries: 1 });
    const error = await client.tags.get(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'API_TIMEOUT', retryable: true, status: undefined });
    expect(calls.map((call) => call.status)).toEqual(['timeout', 'timeout']);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const api = await standIn(() => 'hang');
    const { client, calls } = gateway(api.url);
    const controller = new AbortController();
    // The answer never comes: only the abort can end the call, once the request is out.
    const pending = client.tags.get(7, { signal: controller.signal }).catch((e: unknown) => e);
    await waitFor(() => (api.seen.length === 1 ? true : undefined));
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ name: 'AbortError', code: 'API_ABORTED', retryable: false });
    expect(api.seen).toHaveLength(1);
    expect(calls.map((call) => call.status)).toEqual(['aborted']);
  });

  it('sends nothing with an aborted signal, and stops during a backoff or a rate-limiter wait', async () => {
    const api = await standIn(() => ({ status: 503 }));
    const { client } = gateway(api.url);
    await expect(client.tags.get(7, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
    expect(api.seen).toHaveLength(0);

    const slow = createGateway({ baseUrl: api.url, auth: { mode: 'direct', apiKey: KEY }, retryBaseMs: 60_000, retryCapMs: 60_000 });
    const controller = new AbortController();
    const pending = slow.tags.get(7, { signal: controller.signal });
    pending.catch(() => undefined);
    // Aborted once the first attempt was answered 503 and the 60 s backoff began.
    await waitFor(() => (api.seen.length === 1 ? true : undefined));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(api.seen).toHaveLength(1);

    let limiterWaiting = false;
    const limited = createGateway({
      baseUrl: api.url,
      auth: { mode: 'direct', apiKey: KEY },
      beforeRequest: (_info, signal) =>
        new Promise((_resolve, reject) => {
          limiterWaiting = true;
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    });
    const waiting = new AbortController();
    const abort = () => waiting.abort();
    void waitFor(() => (limiterWaiting ? true : undefined), 10_000).then(abort, abort);
    await expect(limited.tags.get(7, { signal: waiting.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(api.seen).toHaveLength(1);
  });
});

describe('gateway on the wire: answers', () => {
  it('exposes the last rate-limit headers', async () => {
    const api = await standIn(() => ({
      status: 200,
      body: tag,
      headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '42', 'x-ratelimit-refill': '8' },
    }));
    const { client } = gateway(api.url, { now: () => 1_700_000_000_000 });
    expect(client.rateLimit()).toBeUndefined();
    await client.tags.get(7);
    expect(client.rateLimit()).toEqual({ limit: 100, remaining: 42, refillSeconds: 8, at: 1_700_000_000_000 });
  });

  it('says which operation returned what when a body does not match', async () => {
    const api = await standIn((_req, n) => (n === 1 ? { status: 200, body: '<!DOCTYPE html><p>hi</p>' } : { status: 200, body: { name: 'no id' } }));
    const { client } = gateway(api.url);
    const html = await client.tags.get(7).catch((e: unknown) => e);
    expect(html).toBeInstanceOf(UnexpectedResponseError);
    expect((html as Error).message).toMatch(/^tags\.get returned 200 with a body that is not JSON/);
    const shape = await client.contacts.get(12).catch((e: unknown) => e);
    expect(shape).toBeInstanceOf(UnexpectedResponseError);
    expect((shape as Error).message).toMatch(/contacts\.get returned 200 with an unexpected body[\s\S]*id/);
  });

  it('does not follow a redirect, so the key never goes elsewhere', async () => {
    const elsewhere = await standIn(() => ({ status: 200, body: tag }));
    const api = await standIn(() => ({ status: 307, headers: { location: `${elsewhere.url}/api/tags/7` } }));
    const { client } = gateway(api.url);
    await expect(client.tags.get(7)).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('names the variable to check on 401, and the Maton fix on a missing connection', async () => {
    const api = await standIn((_req, n) =>
      n === 1 ? { status: 401, body: { title: 'Unauthorized' } } : { status: 400, body: { error: 'No connection found for systeme' } },
    );
    const direct = gateway(api.url).client;
    const unauthorized = await direct.tags.get(7).catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(UnauthorizedError);
    expect((unauthorized as Error).message).toContain('SYSTEME_API_KEY');
    const maton = gateway(api.url, { auth: { mode: 'maton', apiKey: KEY } }).client;
    const missing = await maton.tags.get(7).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MatonConnectionError);
    expect((missing as Error).message).toContain('systeme-hooks maton connect');
  });

  it('returns a queued marker for a 202 membership request', async () => {
    const api = await standIn(() => ({ status: 202, body: {} }));
    const { client } = gateway(api.url);
    expect(await client.memberships.create(3, 12)).toEqual({ queued: true });
    expect(api.seen[0]).toMatchObject({ method: 'POST', url: '/api/community/communities/3/memberships', body: '{"contactId":12}' });
  });
});

describe('gateway logs', () => {
  it('logs method, path, status and duration at debug, and never the key', async () => {
    const api = await standIn((req) =>
      req.url.includes('/tags/1') ? { status: 401, body: { detail: 'bad key' } } : req.url.includes('/tags/2') ? { status: 500 } : { status: 200, body: tag },
    );
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    for (const auth of [{ mode: 'direct', apiKey: KEY }, { mode: 'maton', apiKey: KEY, connection: 'c-1' }] as const) {
      const client = createGateway({ baseUrl: api.url, auth, logger, sleep: async () => undefined });
      await client.tags.get(7);
      await client.tags.get(1).catch(() => undefined);
      await client.tags.get(2).catch(() => undefined);
      await client.tags.create('x').catch(() => undefined);
    }
    const dead = createGateway({ baseUrl: 'http://127.0.0.1:1', auth: { mode: 'direct', apiKey: KEY }, logger, retries: 0 });
    await dead.tags.get(7).catch(() => undefined);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((e) => e.status === 200)).toMatchObject({ level: 20, operation: 'tags.get', method: 'GET', path: '/api/tags/7' });
    expect(entries.some((e) => e.status === 401)).toBe(true);
    expect(entries.some((e) => e.status === 'network')).toBe(true);
    expect(entries.every((e) => typeof e.durationMs === 'number' || e.msg !== 'systeme api call')).toBe(true);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(lines.join('\n')).not.toContain('do-not-leak');
  });
});
