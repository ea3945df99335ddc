import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discardPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startReceiverChild, stopAllChildren, type ReceiverChild } from '../helpers/resilience-children.js';
import { exchange, openSocket } from '../helpers/resilience-raw-http.js';
import { RESILIENCE_SECRETS } from '../helpers/secrets.js';
import { waitFor } from '../helpers/wait-for.js';

const HEAD = 'POST /webhooks/systeme HTTP/1.1\r\nHost: receiver\r\nContent-Type: application/json\r\nX-Webhook-Event: CONTACT_CREATED\r\n';
/** Long enough to show a timeout of 1 s is not enforced, short enough for the suite. */
const SLOW_CLIENT_GIVE_UP_MS = 8_000;

/** Writes `chunk` every `everyMs` until the socket closes or `giveUpMs` passes. */
async function trickle(socket: Socket, chunk: string, everyMs: number, giveUpMs: number): Promise<void> {
  const until = Date.now() + giveUpMs;
  while (!socket.destroyed && Date.now() < until) {
    socket.write(chunk);
    await sleep(everyMs);
  }
}

describe('receiver limits over real sockets (WEBHOOK_BODY_LIMIT=1mib, HTTP_REQUEST_TIMEOUT=1s, HTTP_MAX_CONNECTIONS=20)', () => {
  const prefix = uniquePrefix('limits');
  let receiver: ReceiverChild;
  let port: number;
  beforeAll(async () => {
    receiver = await startReceiverChild({
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      SYSTEME_WEBHOOK_SECRET: RESILIENCE_SECRETS.webhook,
      ALLOW_SINGLE_SECRET_ROUTE: 'true',
      WEBHOOK_BODY_LIMIT: '1mib',
      HTTP_REQUEST_TIMEOUT: '1s',
      HTTP_MAX_CONNECTIONS: '20',
    });
    port = Number(new URL(receiver.url).port);
  });
  afterAll(async () => {
    await stopAllChildren();
    await discardPrefix(prefix);
  });

  it('answers a 50 MB chunked body with 413 without holding it in memory', async () => {
    const before = receiver.rssMb()!;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, receiver.rssMb() ?? 0)), 10);
    const socket = await openSocket(port);
    let sent = 0;
    const answer = await exchange(socket, async (s) => {
      s.write(`${HEAD}X-Webhook-Signature: ${'0'.repeat(64)}\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      while (sent < 50 * 1024 * 1024 && !s.destroyed) {
        if (!s.write(frame)) await new Promise((resolve) => s.once('drain', resolve).once('close', resolve));
        sent += chunk.length;
      }
      if (!s.destroyed) s.write('0\r\n\r\n');
    });
    socket.destroy();
    await sleep(300);
    clearInterval(sampler);
    console.log(`[resilience] 50 MB body: status=${answer.status} afterMs=${answer.afterMs} uploadedMb=${(sent / 1048576).toFixed(1)} rssBeforeMb=${before.toFixed(1)} rssPeakMb=${peak.toFixed(1)}`);

    expect(answer.status).toBe(413);
    expect(peak - before).toBeLessThan(25);
    expect(receiver.running()).toBe(true);
  });

  it('closes a connection that sends nothing after HTTP_REQUEST_TIMEOUT', async () => {
    const socket = await openSocket(port);
    const answer = await exchange(socket, () => undefined, SLOW_CLIENT_GIVE_UP_MS);
    socket.destroy();
    console.log(`[resilience] idle socket: closed=${answer.closed} afterMs=${answer.afterMs}`);
    expect(answer.closed).toBe(true);
    expect(answer.afterMs).toBeLessThan(SLOW_CLIENT_GIVE_UP_MS);
  });

  it('cuts off a client trickling its headers within a few seconds of HTTP_REQUEST_TIMEOUT', async () => {
    const socket = await openSocket(port);
    const answer = await exchange(
      socket,
      async (s) => {
        s.write(HEAD);
        await trickle(s, 'X-Slow: a\r\n', 200, SLOW_CLIENT_GIVE_UP_MS);
      },
      SLOW_CLIENT_GIVE_UP_MS + 500,
    );
    socket.destroy();
    console.log(`[resilience] headers trickle: status=${answer.status} closed=${answer.closed} afterMs=${answer.afterMs}`);
    expect(answer.status === 408 || answer.closed).toBe(true);
    expect(answer.afterMs).toBeLessThan(SLOW_CLIENT_GIVE_UP_MS);
  }, 20_000);

  it('cuts off a client trickling its body within a few seconds of HTTP_REQUEST_TIMEOUT', async () => {
    const socket = await openSocket(port);
    const answer = await exchange(
      socket,
      async (s) => {
        s.write(`${HEAD}X-Webhook-Signature: ${'0'.repeat(64)}\r\nContent-Length: 1000\r\n\r\n`);
        await trickle(s, 'a', 200, SLOW_CLIENT_GIVE_UP_MS);
      },
      SLOW_CLIENT_GIVE_UP_MS + 500,
    );
    socket.destroy();
    console.log(`[resilience] body trickle: status=${answer.status} closed=${answer.closed} afterMs=${answer.afterMs}`);
    expect(answer.status === 408 || answer.closed).toBe(true);
    expect(answer.afterMs).toBeLessThan(SLOW_CLIENT_GIVE_UP_MS);
  }, 20_000);

  it('keeps at most HTTP_MAX_CONNECTIONS sockets and answers /healthz again once they are gone', async () => {
    // A receiver of its own whose request timeout cannot close the first twenty idle sockets
    // while a busy machine takes its time: only the connection limit closes sockets here.
    const patient = await startReceiverChild(
      { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, SYSTEME_WEBHOOK_SECRET: RESILIENCE_SECRETS.webhook, HTTP_REQUEST_TIMEOUT: '120s', HTTP_MAX_CONNECTIONS: '20' },
      'serve-patient',
    );
    const patientPort = Number(new URL(patient.url).port);
    const sockets: Socket[] = [];
    const closed = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const socket = await openSocket(patientPort);
      socket.on('error', () => undefined).on('close', () => closed.add(i));
      sockets.push(socket);
    }
    await waitFor(() => (closed.size >= 20 ? true : undefined), 30_000);
    const refusedIds = [...closed];
    const refused = refusedIds.length;
    for (const socket of sockets) socket.destroy();
    // Once the server has seen them close, it takes connections again.
    const health = await waitFor(() => fetch(`${patient.url}/healthz`).then((r) => r, () => undefined), 30_000);
    console.log(`[resilience] 40 idle sockets: refusedOrClosed=${refused} healthzAfter=${health.status}`);

    expect(refused).toBeGreaterThanOrEqual(20);
    // The first twenty were let in; the later ones were dropped at once.
    expect(refusedIds.filter((i) => i < 20)).toEqual([]);
    expect(health.status).toBe(200);
    await patient.stop();
  });
});
