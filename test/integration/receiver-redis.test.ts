import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBody, recentFixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { uniquePrefix } from '../helpers/redis.js';
import { monitorLag } from '../helpers/scheduling-lag.js';
import { startRedisBinary, type RedisServerProcess } from '../helpers/start-redis.js';

const SECRET = 'whsec-redis-tests';

describe('receiver and Redis', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('dedupes one message id across two receivers on the same Redis', async () => {
    const prefix = uniquePrefix('two-apps');
    const first = await startTestReceiver({ prefix, secrets: [SECRET], allowSingleSecretRoute: true });
    const second = await startTestReceiver({ prefix, secrets: [SECRET], allowSingleSecretRoute: true });
    cleanups.push(async () => {
      await first.close();
      await second.discard();
    });
    const body = recentFixtureBody('sale-new.json');
    const headers = signedHeaders(body, SECRET, 'SALE_NEW');
    const answers = await Promise.all(
      [first, second, first, second].map((receiver) =>
        receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 200, 200, 202]);
    expect(await first.queue.getJobCountByTypes('waiting')).toBe(1);
  });

  it('serves deliveries over a real listening socket', async () => {
    const prefix = uniquePrefix('socket');
    const receiver = await startTestReceiver({ prefix, secrets: [SECRET], allowSingleSecretRoute: true });
    cleanups.push(async () => {
      await receiver.discard();
    });
    const address = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
    const body = recentFixtureBody('sale-new.json');
    const response = await fetch(`${address}/webhooks/systeme`, {
      method: 'POST',
      body,
      headers: signedHeaders(body, SECRET, 'SALE_NEW'),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'queued' });
    const forged = await fetch(`${address}/webhooks/systeme`, {
      method: 'POST',
      body,
      headers: signedHeaders(body, 'wrong', 'SALE_NEW'),
    });
    expect(forged.status).toBe(401);
  });

  it('answers 503 with Retry-After within 2 s while Redis is down, leaves nothing half-written, and recovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-outage-'));
    let server: RedisServerProcess = await startRedisBinary({ dir });
    const { port } = server;
    const prefix = uniquePrefix('outage');
    const receiver: TestReceiver = await startTestReceiver({ prefix, secrets: [SECRET], redisUrl: server.url, allowSingleSecretRoute: true });
    cleanups.push(async () => {
      await receiver.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const body = recentFixtureBody('sale-new.json');
    const headers = signedHeaders(body, SECRET, 'SALE_NEW');
    const post = () => receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers });

    const warm = fixtureBody('contact-created.json');
    expect((await receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: warm, headers: signedHeaders(warm, SECRET, 'CONTACT_CREATED') })).statusCode).toBe(202);

    await server.stop();
    const lag = monitorLag();
    const started = Date.now();
    const down = await post();
    // Answered within the intake's 2 s wait for Redis (plus 500 ms, plus however long this busy
    // machine held this process up), not after the receiver's request timeout.
    expect(Date.now() - started).toBeLessThan(2500 + lag.stop());
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect((await receiver.app.inject('/readyz')).statusCode).toBe(503);

    server = await startRedisBinary({ port, dir });
    // The producer connection reconnects with a backoff of up to 2 s: wait for it.
    let recovered = await post();
    for (const deadline = Date.now() + 30_000; recovered.statusCode === 503 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      recovered = await post();
    }
    // Not "duplicate": the refused attempt left no dedupe record behind.
    expect(recovered.statusCode).toBe(202);
    expect(recovered.json()).toMatchObject({ status: 'queued' });
    expect(await receiver.queue.getJobCountByTypes('waiting')).toBe(2);
  });

  it('says not ready while Redis answers PING but refuses every write (maxmemory reached, noeviction)', async () => {
    const server = await startRedisBinary();
    const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    const prefix = uniquePrefix('oom');
    const receiver = await startTestReceiver({ prefix, secrets: [SECRET], redisUrl: server.url, allowSingleSecretRoute: true });
    cleanups.push(async () => {
      await receiver.close();
      admin.disconnect();
      await server.stop();
    });
    const readyz = async () => {
      const answer = await receiver.app.inject('/readyz');
      return { status: answer.statusCode, body: answer.json<{ status: string; redis: string }>() };
    };
    // The producer connection fails fast until it has connected.
    for (let i = 0; i < 100 && (await readyz()).status !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', redis: 'up' } });

    // A limit below what Redis already uses: every write is refused with OOM, reads still answer.
    expect(await admin.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    await admin.config('SET', 'maxmemory', '1');
    expect(await admin.ping()).toBe('PONG');
    await expect(admin.set('probe', '1')).rejects.toThrow(/OOM/);

    expect(await readyz()).toEqual({ status: 503, body: { status: 'unavailable', redis: 'refusing writes' } });
    const body = fixtureBody('contact-created.json');
    const delivery = await receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers: signedHeaders(body, SECRET, 'CONTACT_CREATED') });
    expect(delivery.statusCode).toBe(503);

    await admin.config('SET', 'maxmemory', '0');
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', redis: 'up' } });
  });
});
