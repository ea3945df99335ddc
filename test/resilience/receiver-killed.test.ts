import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAllChildren } from '../helpers/resilience-children.js';
import { printFigures, reactionFigures } from '../helpers/resilience-figures.js';
import { createSender, is2xx, type Outcome } from '../helpers/resilience-load.js';
import { FIRST_CONTACT, startStack, type Stack } from '../helpers/resilience-stack.js';
import { waitFor } from '../helpers/wait-for.js';

const RATE = 200;
/** At most this many deliveries are sent to the first receiver; sending stops soon after the kill. */
const DELIVERIES = 1200;

describe('the receiver killed with SIGKILL during load', () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.close();
    await stopAllChildren();
  });

  it('loses no delivery it answered 2xx before it died', async () => {
    const count = DELIVERIES;
    stack = await startStack({ contacts: count });
    const first = await stack.startReceiver();
    await stack.startWorker();
    const sender = createSender(64);
    const deliveries = Array.from({ length: count }, (_, i) => stack!.delivery(FIRST_CONTACT + i));

    // Killed once it has answered a good number, however long a busy machine takes for that.
    let answered = 0;
    let killedAt = Infinity;
    const kill = (async () => {
      await waitFor(() => (answered > 100 ? true : undefined), 60_000);
      await first.stop('SIGKILL');
      killedAt = Date.now();
    })();
    // Open loop at RATE, as webhooks arrive, until half a second after the kill.
    const pending: Promise<Outcome>[] = [];
    const start = performance.now();
    for (let i = 0; i < count && !(Date.now() - killedAt > 500); i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 1) await sleep(wait);
      pending.push(sender.post(first.url, deliveries[i]!).then((o) => ((answered += is2xx(o) ? 1 : 0), o)));
    }
    await kill;
    const outcomes = await Promise.all(pending);

    const answeredBeforeKill = outcomes.filter((o) => is2xx(o) && o.answeredAt <= killedAt);
    // Systeme.io delivers unanswered events again; here to a receiver started in its place.
    const second = await stack.startReceiver();
    const accepted = new Set(outcomes.filter(is2xx).map((o) => o.delivery.messageId));
    // Systeme.io tries again several times; so does this, until every delivery got a 2xx (a busy
    // machine can make the new receiver answer 503 at first).
    const resent: Outcome[] = [];
    for (let round = 0; round < 5 && accepted.size < count; round += 1) {
      const answers = await Promise.all(deliveries.filter((d) => !accepted.has(d.messageId)).map((d) => sender.post(second.url, d)));
      for (const o of answers) if (is2xx(o)) accepted.add(o.delivery.messageId);
      resent.push(...answers);
    }
    sender.close();
    await stack.waitHandled(accepted, 150_000);

    const handled = stack.handled();
    const figures = reactionFigures({
      sent: new Map(deliveries.map((d) => [d.messageId, d.contactId])),
      accepted,
      handled,
      writesByContact: await stack.tagWrites(),
    });
    printFigures('receiver SIGKILL', figures, {
      answeredBeforeKill: answeredBeforeKill.length,
      failedAtKill: outcomes.filter((o) => o.status === null).length,
      // Stored by the dead receiver, unanswered: the second one says "duplicate".
      duplicateAnswers: resent.filter((o) => o.status === 200).length,
    });

    expect(answeredBeforeKill.length).toBeGreaterThan(100);
    expect(answeredBeforeKill.filter((o) => !handled.has(o.delivery.messageId))).toEqual([]);
    expect(outcomes.some((o) => o.status === null)).toBe(true);
    expect(figures.accepted).toBe(count);
    expect(figures.lost).toBe(0);
    expect(figures.duplicates).toBe(0);
  }, 240_000);
});
