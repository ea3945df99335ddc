import { AbortedError, RateLimitedError } from '../gateway/errors.js';
import { AppError } from '../common/app-error.js';

/** Another job holds the contact's lock: come back shortly, without spending an attempt. */
export class ContactBusyError extends AppError {
  constructor(readonly contactId: number, readonly retryInMs: number) {
    super('CONTACT_BUSY', `contact ${contactId} is being processed by another job; retrying in ${retryInMs} ms`, { retryable: true });
    this.name = 'ContactBusyError';
  }
}

/**
 * The reason the worker's shutdown signal carries: a job whose wait (or, past the drain budget,
 * whose request) it ended is put back in the queue for the next worker, without spending an attempt.
 */
export class WorkerStoppingError extends Error {
  readonly code = 'WORKER_STOPPING';
  constructor() {
    super('the worker is stopping; the job goes back to the queue for the next worker');
    this.name = 'WorkerStoppingError';
  }
}

export type FailureDecision =
  | { kind: 'stopping' }
  | { kind: 'rate_limited'; delayMs: number }
  | { kind: 'busy'; delayMs: number }
  | { kind: 'permanent' }
  | { kind: 'retry' };

function* causes(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * What the worker does with a failed job (the queue owns retries beyond a call's own): a job cut
 * short by the worker's shutdown goes back to the queue; a 429 pauses the queue without spending
 * an attempt; a busy contact delays the job; permanent errors (4xx other than 408/409/429,
 * invalid events) fail it at once; everything else retries with backoff.
 */
export function decideFailure(error: unknown): FailureDecision {
  for (const cause of causes(error)) if (cause instanceof WorkerStoppingError) return { kind: 'stopping' };
  for (const cause of causes(error)) {
    if (cause instanceof RateLimitedError) return { kind: 'rate_limited', delayMs: Math.max(1000, cause.retryAfterMs) };
    if (cause instanceof ContactBusyError) return { kind: 'busy', delayMs: cause.retryInMs };
    // Aborted by shutdown or a lost lock, not by the API: the job is worth another attempt.
    if (cause instanceof AbortedError) return { kind: 'retry' };
  }
  if (error instanceof AppError && !error.retryable) return { kind: 'permanent' };
  return { kind: 'retry' };
}
