import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAllChildren } from '../helpers/resilience-children.js';
import { printFigures, reactionFigures } from '../helpers/resilience-figures.js';
import { createSender } from '../helpers/resilience-load.js';
import { FIRST_CONTACT, startStack, type Stack } from '../helpers/resilience-stack.js';

const EVENTS = 1000;

describe('a worker killed with SIGKILL in the middle of a run', () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.close();
    await stopAllChildren();
  });

  it("does every accepted event's reaction exactly once after it is started again", async () => {
    stack = await startStack({ contacts: EVENTS });
    const receiver = await stack.startReceiver();
    const first = await stack.startWorker();
    const sender = createSender(32);
    const deliveries = Array.from({ length: EVENTS }, (_, i) => stack!.delivery(FIRST_CONTACT + i));
    const sending = Promise.all(deliveries.map((delivery) => sender.post(receiver.url, delivery)));

    // Kill once a good share is done and more are in flight: no graceful shutdown, locks left behind.
    while (stack.handled().size < EVENTS * 0.3) await sleep(20);
    await first.stop('SIGKILL');
    const handledAtKill = stack.handled().size;
    const outcomes = await sending;
    sender.close();
    await stack.startWorker();

    const accepted = new Set(outcomes.filter((o) => o.status !== null && o.status >= 200 && o.status < 300).map((o) => o.delivery.messageId));
    // BullMQ hands the killed worker's jobs on once their 30 s locks expire.
    await stack.waitHandled(accepted, 120_000);
    const figures = reactionFigures({
      sent: new Map(deliveries.map((d) => [d.messageId, d.contactId])),
      accepted,
      handled: stack.handled(),
      writesByContact: await stack.tagWrites(),
    });
    const counts = await stack.queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
    printFigures('worker SIGKILL', figures, { handledAtKill, completed: counts.completed ?? 0, failed: counts.failed ?? 0 });

    expect(handledAtKill).toBeLessThan(EVENTS);
    expect(figures.accepted).toBe(EVENTS);
    expect(figures.lost).toBe(0);
    expect(figures.duplicates).toBe(0);
    expect(counts.failed).toBe(0);
    expect(receiver.running()).toBe(true);
  }, 180_000);
});
