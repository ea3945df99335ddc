import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { stopAllChildren } from '../helpers/resilience-children.js';
import { printFigures, reactionFigures } from '../helpers/resilience-figures.js';
import { answeredWhilePaused, expectFailoverKeptEveryDelivery, is2xx, streamUnderFaults } from '../helpers/failover-stream.js';
import { FIRST_CONTACT, startStack, type Stack } from '../helpers/resilience-stack.js';
import { RESILIENCE_SECRETS } from '../helpers/secrets.js';
import { startSentinelGroup, type SentinelGroup } from '../helpers/start-sentinel.js';

const RATE = 50;
/** At most this many are sent; the stream stops once the receiver has been back a while. */
const MAX_DELIVERIES = 5_000;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

describe('Redis Sentinel: the primary killed under a steady stream, with REDIS_ACK_REPLICAS=1', () => {
  let group: SentinelGroup | undefined;
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.close();
    await stopAllChildren();
    await group?.stop();
  });

  it('acknowledges nothing no replica holds, follows the failover by itself, and processes every 2xx exactly once', async () => {
    // A primary, two replicas and three sentinels (quorum 2), all on loopback ports, each with
    // a password: the log scan after the suite checks neither reaches a log line.
    const passwords = { password: RESILIENCE_SECRETS.redisPassword, sentinelPassword: RESILIENCE_SECRETS.sentinelPassword };
    group = await startSentinelGroup({ replicas: 2, sentinels: 3, downAfterMs: 2000, ...passwords });
    const firstPrimary = group.nodes[0]!;
    stack = await startStack({
      contacts: MAX_DELIVERIES,
      sentinel: { sentinels: group.sentinelList, name: group.name, ...passwords },
      env: {
        REDIS_ACK_REPLICAS: '1',
        REDIS_ACK_TIMEOUT: '500ms',
        REDIS_PASSWORD: passwords.password,
        REDIS_SENTINEL_PASSWORD: passwords.sentinelPassword,
      },
    });
    const receiver = await stack.startReceiver();
    const worker = await stack.startWorker();
    const all = Array.from({ length: MAX_DELIVERIES }, (_, i) => stack!.delivery(FIRST_CONTACT + i));
    const at = { pausedAt: Infinity, resumedAt: Infinity, failedOverAt: Infinity };
    const { outcomes, deliveries, accepted, retried, view } = await streamUnderFaults({
      receiver,
      deliveries: all,
      rate: RATE,
      async script(stream) {
        const { step, count } = stream;
        await step('150 deliveries accepted', () => stream.accepted2xx() > 150);
        // Both replicas stop answering (SIGSTOP): no WAIT can be confirmed.
        for (const node of group!.nodes.slice(1)) node.pause();
        at.pausedAt = Date.now();
        await sleep(2000);
        await step('40 answered 503 while the replicas are paused', () => count((o) => o.sentAt > at.pausedAt && o.status === 503) >= 40);
        at.resumedAt = Date.now();
        for (const node of group!.nodes.slice(1)) node.resume();
        // Accepting again, and both replicas healthy in every sentinel's eyes, before the crash.
        await step('100 accepted after the replicas resumed', () => count((o) => o.sentAt > at.resumedAt && is2xx(o)) >= 100);
        await group!.waitHealthy(2);
        await step('200 accepted after the replicas resumed', () => count((o) => o.sentAt > at.resumedAt && is2xx(o)) >= 200);
        // The crash: SIGKILL, nothing flushed, nothing handed over.
        stream.markKilled();
        await firstPrimary.kill('SIGKILL');
        await step('the sentinels naming a new primary', async () => (await group!.masterPort().catch(() => firstPrimary.port)) !== firstPrimary.port);
        at.failedOverAt = Date.now();
        await step('100 accepted after the receiver is back', () => stream.backAt() < Infinity && count((o) => o.sentAt > stream.backAt() && is2xx(o)) >= 100, 180_000);
      },
    });
    // A job whose completion died with the primary is handed out again once its lock (30 s)
    // expires and the stalled-job check (every 30 s) runs.
    await stack.waitHandled(accepted, 240_000);

    const figures = reactionFigures({
      sent: new Map(deliveries.map((d) => [d.messageId, d.contactId])),
      accepted,
      handled: stack.handled(),
      writesByContact: await stack.tagWrites(),
    });
    const whilePaused = answeredWhilePaused(outcomes, at);
    // The operator's CLI finds the new primary through the sentinels too.
    const cli = await runCli(['failed', 'list', '--json'], stack.env);
    printFigures('Sentinel failover', figures, {
      answeredWhileReplicasPaused: whilePaused.length,
      acknowledgedWhileReplicasPaused: whilePaused.filter(is2xx).length,
      retried,
      sentinelFailoverSeconds: seconds(at.failedOverAt - view.killedAt()),
      secondsWithout2xx: seconds(view.backAt() - view.killedAt()),
      answered503AfterKill: view.count((o) => o.sentAt > view.killedAt() && o.answeredAt < view.backAt() && o.status === 503),
      otherAnswers: view.count((o) => o.status !== 202 && o.status !== 200 && o.status !== 503),
    });

    expectFailoverKeptEveryDelivery({ whilePaused, view, figures, sent: deliveries.length });
    // Neither service was restarted: the same processes followed the failover.
    expect([stack.receivers.length, stack.workers.length]).toEqual([1, 1]);
    expect(receiver.running() && worker.running()).toBe(true);
    expect(cli.code, cli.stderr).toBe(0);
  }, 900_000);
});
