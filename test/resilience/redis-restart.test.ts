import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAllChildren } from '../helpers/resilience-children.js';
import { printFigures, reactionFigures } from '../helpers/resilience-figures.js';
import { createSender, is2xx, resendUntilAccepted, type Outcome } from '../helpers/resilience-load.js';
import { FIRST_CONTACT, startStack, type Stack } from '../helpers/resilience-stack.js';
import { startRedisBinary, type RedisServerProcess } from '../helpers/start-redis.js';
import { waitFor } from '../helpers/wait-for.js';

const RATE = 100;
/** At most this many are sent; the stream stops a second after the receiver accepts again. */
const MAX_DELIVERIES = 6_000;
const OUTAGE_MS = 3_000;

describe('Redis stopped and started again under a steady stream of deliveries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-redis-restart-'));
  let redis: RedisServerProcess | undefined;
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.close();
    await stopAllChildren();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while it is down, recovers by itself and processes every delivery it answered 2xx', async () => {
    // AOF with appendfsync everysec; stopped with SIGTERM, a clean shutdown that flushes the AOF
    // (like `redis-cli SHUTDOWN`), so no acknowledged write is lost. A crash (SIGKILL) could lose
    // the last second of writes, which no receiver can prevent with everysec.
    redis = await startRedisBinary({ dir });
    const { port } = redis;
    stack = await startStack({ contacts: MAX_DELIVERIES, redisUrl: redis.url });
    const receiver = await stack.startReceiver();
    const worker = await stack.startWorker();
    const sender = createSender(64);
    const all = Array.from({ length: MAX_DELIVERIES }, (_, i) => stack!.delivery(FIRST_CONTACT + i));

    const window = { downAt: Infinity, restartAt: Infinity, upAt: Infinity, readyWhileDown: 0 };
    let accepted2xx = 0;
    let refusedWhileDown = 0;
    let acceptedAgainAt = Infinity;
    const track = (o: Outcome) => {
      if (is2xx(o)) accepted2xx += 1;
      if (o.status === 503 && o.sentAt > window.downAt && window.restartAt === Infinity) refusedWhileDown += 1;
      if (is2xx(o) && o.sentAt > window.upAt) acceptedAgainAt = Math.min(acceptedAgainAt, o.answeredAt);
      return o;
    };
    // Conditions, not times: Redis stops once a good number was accepted, however busy the machine.
    const outage = (async () => {
      await waitFor(() => (accepted2xx > 200 ? true : undefined), 60_000);
      await redis!.stop();
      window.downAt = Date.now();
      window.readyWhileDown = (await fetch(`${receiver.url}/readyz`)).status;
      // Down for OUTAGE_MS, and until the receiver has answered a good number of deliveries while
      // down (a busy machine answers late).
      await sleep(OUTAGE_MS);
      await waitFor(() => (refusedWhileDown > 60 ? true : undefined), 120_000);
      window.restartAt = Date.now();
      redis = await startRedisBinary({ port, dir });
      window.upAt = Date.now();
    })();
    // A steady stream at RATE, as webhooks arrive, until a second after the receiver accepts again.
    const pending: Promise<Outcome>[] = [];
    const start = performance.now();
    for (let i = 0; i < MAX_DELIVERIES && !(Date.now() - acceptedAgainAt > 1000); i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 1) await sleep(wait);
      // A receiver on a busy machine may take long to answer; the sender waits for it.
      pending.push(sender.post(receiver.url, all[i]!, 60_000).then(track));
    }
    const outcomes = await Promise.all(pending);
    await outage;
    const deliveries = all.slice(0, outcomes.length);

    // Deliveries sent once Redis had exited and answered before it was started again.
    const duringOutage = outcomes.filter((o) => o.sentAt > window.downAt && o.answeredAt <= window.restartAt);
    const firstAfter = outcomes.filter((o) => o.sentAt > window.upAt && is2xx(o)).sort((a, b) => a.sentAt - b.sentAt)[0];
    // Systeme.io delivers a refused event again: so does this test, to the same receiver.
    const { accepted, retried } = await resendUntilAccepted(sender, receiver.url, deliveries, outcomes, { rounds: 20, pauseMs: 500 });
    sender.close();
    // A job the worker took in the instant Redis stopped can lose the reply: BullMQ hands it out
    // again once its lock (30 s) has expired and the stalled-job check (every 30 s) runs.
    await stack.waitHandled(accepted, 150_000);
    const handledAt = stack.handledAt();
    const lastAccepted = new Map<string, number>();
    for (const o of outcomes) if (is2xx(o)) lastAccepted.set(o.delivery.messageId, o.answeredAt);
    const delays = [...lastAccepted].map(([id, at]) => handledAt.get(id)! - at);

    const figures = reactionFigures({
      sent: new Map(deliveries.map((d) => [d.messageId, d.contactId])),
      accepted,
      handled: stack.handled(),
      writesByContact: await stack.tagWrites(),
    });
    const statuses = new Map<string, number>();
    for (const o of outcomes) statuses.set(String(o.status ?? o.error), (statuses.get(String(o.status ?? o.error)) ?? 0) + 1);
    printFigures('Redis restart', figures, {
      answeredDuringOutage: duringOutage.length,
      statuses: [...statuses].map(([s, n]) => `${s}:${n}`).join(','),
      retried,
      recoveredAfterMs: firstAfter ? firstAfter.answeredAt - window.upAt : 'never',
      handledLaterThan10s: delays.filter((ms) => ms > 10_000).length,
      slowestMs: Math.max(...delays),
    });

    expect(duringOutage.length).toBeGreaterThan(50);
    expect(duringOutage.filter(is2xx)).toEqual([]);
    expect(duringOutage.every((o) => o.status === 503)).toBe(true);
    expect(window.readyWhileDown).toBe(503);
    expect(outcomes.every((o) => o.status === 202 || o.status === 503)).toBe(true);
    expect(firstAfter).toBeDefined();
    expect(figures.accepted).toBe(deliveries.length);
    expect(figures.lost).toBe(0);
    expect(figures.duplicates).toBe(0);
    // Neither service was restarted: the same processes recovered.
    expect([stack.receivers.length, stack.workers.length]).toEqual([1, 1]);
    expect(receiver.running() && worker.running()).toBe(true);
  }, 300_000);
});
