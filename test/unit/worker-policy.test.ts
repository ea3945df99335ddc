import { describe, expect, it } from 'vitest';
import { AbortedError, NotFoundError, RateLimitedError, ServerError, ValidationError } from '../../src/gateway/errors.js';
import { ActionFailedError, InvalidEventError, ReactionError } from '../../src/handlers/errors.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContactBusyError, decideFailure, WorkerStoppingError } from '../../src/worker/failure-policy.js';
import { retryBackoffMs } from '../../src/worker/retry-backoff.js';

describe('retryBackoffMs', () => {
  it('doubles from the base, capped, jittered within the upper half', () => {
    const low = () => 0;
    const high = () => 1 - Number.EPSILON;
    expect(retryBackoffMs(1, { random: low })).toBe(5_000);
    expect(retryBackoffMs(1, { random: high })).toBe(10_000);
    expect(retryBackoffMs(4, { random: high })).toBe(80_000);
    expect(retryBackoffMs(30, { random: high })).toBe(3_600_000);
    expect(retryBackoffMs(30, { random: low })).toBe(1_800_000);
  });

  it('spreads ten default attempts over hours', () => {
    let total = 0;
    for (let attempt = 1; attempt < 10; attempt++) total += retryBackoffMs(attempt, { random: () => 0.5 });
    expect(total / 3_600_000).toBeGreaterThan(1);
  });
});

describe('decideFailure', () => {
  const wrapped = (cause: unknown) => new ActionFailedError('rule', 0, 'add_tag', cause);

  it('pauses on a 429 found anywhere in the cause chain, for its Retry-After', () => {
    expect(decideFailure(wrapped(new RateLimitedError('contacts.addTag', 'slow down', 7_000)))).toEqual({ kind: 'rate_limited', delayMs: 7_000 });
  });

  it('delays a job whose contact is busy', () => {
    expect(decideFailure(new ContactBusyError(5, 250))).toEqual({ kind: 'busy', delayMs: 250 });
  });

  it('fails at once on permanent API errors and invalid events', () => {
    expect(decideFailure(wrapped(new NotFoundError('contacts.get', 'no contact 9')))).toEqual({ kind: 'permanent' });
    expect(decideFailure(wrapped(new ValidationError('enrollments.create', 'bad', [])))).toEqual({ kind: 'permanent' });
    expect(decideFailure(new InvalidEventError('SALE_NEW payload: bad'))).toEqual({ kind: 'permanent' });
  });

  it('reads retryable from the service’s own errors only', () => {
    expect(decideFailure(new ReactionError('PRICE_PLAN_UNKNOWN', 'no plan', { retryable: false }))).toEqual({ kind: 'permanent' });
    expect(decideFailure(Object.assign(new Error('looks like ours'), { retryable: false }))).toEqual({ kind: 'retry' });
  });

  it('retries server errors, unknown errors, and calls aborted by a shutdown', () => {
    expect(decideFailure(wrapped(new ServerError('contacts.get', 503, 'down')))).toEqual({ kind: 'retry' });
    expect(decideFailure(new Error('socket hang up'))).toEqual({ kind: 'retry' });
    expect(decideFailure(wrapped(new AbortedError('contacts.get')))).toEqual({ kind: 'retry' });
  });

  it("puts back a job whose wait or call the worker's shutdown ended, whatever wraps it", async () => {
    const stopping = new AbortController();
    const sleeping = sleep(60_000, undefined, { signal: AbortSignal.any([new AbortController().signal, stopping.signal]) });
    stopping.abort(new WorkerStoppingError());
    const ended = await sleeping.catch((error: unknown) => error);
    expect(decideFailure(wrapped(ended))).toEqual({ kind: 'stopping' });
    expect(decideFailure(wrapped(new AbortedError('contacts.get', new WorkerStoppingError())))).toEqual({ kind: 'stopping' });
    expect(decideFailure(new WorkerStoppingError())).toEqual({ kind: 'stopping' });
  });
});
