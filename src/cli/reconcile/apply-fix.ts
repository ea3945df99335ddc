import { setTimeout as sleep } from 'node:timers/promises';
import type { ReactionDeps } from '../../actions/reaction-deps.js';
import type { ContactLock } from '../../stores/redis-contact-lock.js';
import { fixEvent, type Fix } from './fixes.js';

/** `fixed`: a write was made; `already`: the reactions found nothing to do; `done_before`: an earlier run did it (ledger). */
export type FixOutcome = 'fixed' | 'already' | 'done_before' | 'failed';

export interface FixResult {
  fix: Fix;
  outcome: FixOutcome;
  error?: string;
}

export interface ApplyDeps extends ReactionDeps {
  /** The workers' per-contact lock: a fix never interleaves with a job for the same contact. */
  lock: ContactLock;
  /** How long to wait for a contact a worker is busy with, ms. Default 30 s. */
  busyWaitMs?: number;
}

/**
 * Runs a fix's reactions holding the contact's lock, skipping the steps the ledger says an earlier
 * run finished, and recording each step as soon as it is done: a run killed half-way is finished
 * by the next one without any write made twice.
 */
export async function applyFix(fix: Fix, deps: ApplyDeps): Promise<FixResult> {
  const deadline = Date.now() + (deps.busyWaitMs ?? 30_000);
  for (;;) {
    try {
      const result = await deps.lock.withLock(fix.drift.contactId, () => runSteps(fix, deps));
      if (result.ran) return { fix, outcome: result.value };
    } catch (error) {
      return { fix, outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    if (Date.now() >= deadline) {
      return { fix, outcome: 'failed', error: `contact ${fix.drift.contactId} stayed busy (a worker holds its lock); run reconcile again later` };
    }
    await sleep(250, undefined, { signal: deps.signal });
  }
}

async function runSteps(fix: Fix, deps: ApplyDeps): Promise<FixOutcome> {
  const event = fixEvent(fix);
  const done = await deps.ledger.done(fix.messageId);
  let outcome: FixOutcome = 'already';
  for (const step of fix.steps) {
    if (done.has(step.key)) {
      if (outcome === 'already') outcome = 'done_before';
      continue;
    }
    const result = await step.module.run(step.action, event, deps);
    if (result === 'done') outcome = 'fixed';
    await deps.ledger.mark(fix.messageId, step.key);
  }
  return outcome;
}
