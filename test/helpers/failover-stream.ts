import { setTimeout as sleep } from 'node:timers/promises';
import type { ReceiverChild } from './resilience-children.js';
import { createSender, type Delivery, type Outcome } from './resilience-load.js';
import { waitFor } from './wait-for.js';

export const is2xx = (o: Outcome) => o.status !== null && o.status >= 200 && o.status < 300;

/** What a fault script sees of the stream while it runs. */
export interface StreamView {
  /** Every answer so far. */
  outcomes: Outcome[];
  count(predicate: (o: Outcome) => boolean): number;
  accepted2xx(): number;
  /** Marks the fault (the crash): from then on, the first 2xx sets `backAt()`. */
  markKilled(): void;
  killedAt(): number;
  /** When the first 2xx to a delivery sent after the kill came back. */
  backAt(): number;
  /**
   * Waits for a condition, not a time, however busy the machine; one that never comes says which
   * it was, with the last answers and what the receiver logged last.
   */
  step(what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
}

export interface StreamResult {
  /** The stream as the script saw it: every answer, the kill and the first 2xx after it. */
  view: StreamView;
  outcomes: Outcome[];
  /** The deliveries sent (the stream stops once the script is done). */
  deliveries: Delivery[];
  /** Message ids answered 2xx, after sending the refused ones again. */
  accepted: Set<string>;
  /** Deliveries sent again after a refusal. */
  retried: number;
}

/**
 * A steady stream of deliveries at `rate` to one receiver, as webhooks arrive, while `script`
 * injects faults; it stops when the script is done (or fails). Then every delivery not yet
 * answered 2xx is sent again, as Systeme.io does, until each is accepted.
 */
export async function streamUnderFaults(options: {
  receiver: ReceiverChild;
  deliveries: Delivery[];
  rate: number;
  script: (view: StreamView) => Promise<void>;
}): Promise<StreamResult> {
  const { receiver } = options;
  const sender = createSender(64);
  const outcomes: Outcome[] = [];
  let accepted2xx = 0;
  let killedAt = Infinity;
  let backAt = Infinity;
  let stopAt = Infinity;
  const track = (o: Outcome) => {
    outcomes.push(o);
    if (is2xx(o)) accepted2xx += 1;
    if (is2xx(o) && o.sentAt > killedAt) backAt = Math.min(backAt, o.answeredAt);
    return o;
  };
  const view: StreamView = {
    outcomes,
    count: (predicate) => outcomes.filter(predicate).length,
    accepted2xx: () => accepted2xx,
    markKilled: () => void (killedAt = Date.now()),
    killedAt: () => killedAt,
    backAt: () => backAt,
    async step(what, condition, timeoutMs = 120_000) {
      try {
        await waitFor(async () => ((await condition()) ? true : undefined), timeoutMs);
      } catch {
        const tail = receiver.lines().slice(-5).map((line) => `${line.msg} ${JSON.stringify(line.err ?? line.outcome ?? '')}`);
        const statuses = outcomes.slice(-20).map((o) => o.status ?? o.error);
        throw new Error(`${what}: not reached within ${timeoutMs / 1000} s; last answers ${JSON.stringify(statuses)}; receiver log: ${tail.join(' | ')}`);
      }
    },
  };
  const script = options.script(view).finally(() => (stopAt = Date.now()));
  // Ends the stream early instead of sending every delivery if a step throws.
  const settled = script.catch(() => undefined);

  const pending: Promise<Outcome>[] = [];
  const start = performance.now();
  for (let i = 0; i < options.deliveries.length && stopAt === Infinity; i++) {
    const wait = start + (i * 1000) / options.rate - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(sender.post(receiver.url, options.deliveries[i]!, 60_000).then(track));
  }
  await Promise.all(pending);
  await settled;
  await script;
  const deliveries = options.deliveries.slice(0, pending.length);

  const accepted = new Set(outcomes.filter(is2xx).map((o) => o.delivery.messageId));
  let retried = 0;
  for (let round = 0; round < 30; round++) {
    const missing = deliveries.filter((d) => !accepted.has(d.messageId));
    if (missing.length === 0) break;
    const again = await Promise.all(missing.map((d) => sender.post(receiver.url, d, 60_000)));
    retried += missing.length;
    for (const o of again) if (is2xx(o)) accepted.add(o.delivery.messageId);
    await sleep(1000);
  }
  sender.close();
  return { view, outcomes, deliveries, accepted, retried };
}
