import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Figures } from './resilience-figures.js';
import type { ReceiverChild } from './resilience-children.js';
import { createSender, is2xx, resendUntilAccepted, type Delivery, type Outcome } from './resilience-load.js';
import { waitFor } from './wait-for.js';

export { is2xx } from './resilience-load.js';

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

  const { accepted, retried } = await resendUntilAccepted(sender, receiver.url, deliveries, outcomes, { rounds: 30, pauseMs: 1000 });
  sender.close();
  return { view, outcomes, deliveries, accepted, retried };
}

/**
 * The answers to deliveries sent after the replicas were paused and given by the time they were
 * told to resume. They resume after `resumedAt` is taken, so an answer of that same millisecond
 * (the 503s of one timed-out batch arrive together) was still given while they were paused.
 */
export function answeredWhilePaused(outcomes: Outcome[], at: { pausedAt: number; resumedAt: number }): Outcome[] {
  return outcomes.filter((o) => o.sentAt > at.pausedAt && o.answeredAt <= at.resumedAt);
}

/**
 * What a failover under a steady stream must leave: nothing acknowledged while no replica could
 * hold it (with enough answers then to tell), the receiver answering 2xx again after the kill,
 * and every delivery accepted and processed exactly once.
 */
export function expectFailoverKeptEveryDelivery(result: { whilePaused: Outcome[]; view: StreamView; figures: Figures; sent: number }): void {
  expect(result.whilePaused.length).toBeGreaterThanOrEqual(40);
  expect(result.whilePaused.filter(is2xx)).toEqual([]);
  expect(result.view.backAt()).toBeLessThan(Infinity);
  expect(result.figures.accepted).toBe(result.sent);
  expect(result.figures.processed).toBe(result.sent);
  expect(result.figures.lost).toBe(0);
  expect(result.figures.duplicates).toBe(0);
}

