import { describe, expect, it } from 'vitest';
import { RateLimitedError, ValidationError } from '../../src/gateway/errors.js';
import { isPageSizeRejection } from '../../src/gateway/paginate.js';
import { MAX_INLINE_RETRY_AFTER_MS, retryDelay } from '../../src/gateway/retry.js';
import { sign, verify } from '../../src/http/signature.js';
import { AppError } from '../../src/common/app-error.js';
import { ContactBusyError, decideFailure } from '../../src/worker/failure-policy.js';

describe('ContactBusyError', () => {
  it('carries a stable code, its contact and when to come back, and says so', () => {
    const error = new ContactBusyError(42, 250);
    expect(error).toMatchObject({ name: 'ContactBusyError', code: 'CONTACT_BUSY', contactId: 42, retryInMs: 250 });
    expect(error.message).toBe('contact 42 is being processed by another job; retrying in 250 ms');
  });
});

describe('decideFailure through cause chains', () => {
  const chain = (depth: number, root: unknown) => {
    let error: unknown = root;
    for (let i = 0; i < depth; i++) error = new Error(`wrapper ${i}`, { cause: error });
    return error;
  };

  it('looks seven causes deep, and no deeper', () => {
    const limited = new RateLimitedError('contacts.get', 'slow down', 5_000);
    expect(decideFailure(chain(7, limited))).toEqual({ kind: 'rate_limited', delayMs: 5_000 });
    expect(decideFailure(chain(8, limited))).toEqual({ kind: 'retry' });
  });

  it('stops at a cause that is null, and waits at least a second on a 429', () => {
    expect(decideFailure(new Error('x', { cause: null }))).toEqual({ kind: 'retry' });
    expect(decideFailure(new RateLimitedError('contacts.get', 'slow down', 10))).toEqual({ kind: 'rate_limited', delayMs: 1_000 });
  });

  it('retries a thrown null or undefined, and reads retryable only from the service error itself', () => {
    expect(decideFailure(null)).toEqual({ kind: 'retry' });
    expect(decideFailure(undefined)).toEqual({ kind: 'retry' });
    expect(decideFailure(new AppError('BAD', 'no', { retryable: false }))).toEqual({ kind: 'permanent' });
    expect(decideFailure(new AppError('LATER', 'later', { retryable: true }))).toEqual({ kind: 'retry' });
    // Never by duck typing: an object that only looks like one is retried.
    expect(decideFailure({ retryable: false })).toEqual({ kind: 'retry' });
    expect(decideFailure(new Error('outer', { cause: new AppError('BAD', 'no', { retryable: false }) }))).toEqual({ kind: 'retry' });
  });
});

describe('retryDelay and Retry-After', () => {
  it('waits for a Retry-After up to the inline maximum, and ignores a longer one', () => {
    expect(retryDelay(1, { retryAfterMs: MAX_INLINE_RETRY_AFTER_MS, random: () => 0 })).toBe(MAX_INLINE_RETRY_AFTER_MS);
    expect(retryDelay(1, { retryAfterMs: MAX_INLINE_RETRY_AFTER_MS + 1, random: () => 0 })).toBe(100);
    expect(retryDelay(1, { retryAfterMs: 0, random: () => 0 })).toBe(0);
  });

  it('doubles from the base up to the cap, with equal jitter', () => {
    expect(retryDelay(1, { random: () => 0 })).toBe(100);
    expect(retryDelay(3, { random: () => 0.999999 })).toBe(800);
    expect(retryDelay(10, { random: () => 0 })).toBe(1_000);
    expect(retryDelay(0, { baseMs: 10, random: () => 0 })).toBe(5);
  });
});

describe('isPageSizeRejection', () => {
  const violation = (propertyPath: string) => ({ propertyPath, message: 'x', code: 'c' });

  it('is a 422 naming limit among other properties, or naming none', () => {
    expect(isPageSizeRejection(new ValidationError('contacts.list', 'x', [violation('email'), violation('limit')]))).toBe(true);
    expect(isPageSizeRejection(new ValidationError('contacts.list', 'x', [violation('email'), violation('order')]))).toBe(false);
    expect(isPageSizeRejection(new ValidationError('contacts.list', 'x', []))).toBe(true);
  });
});

describe('verify with several secrets', () => {
  const body = Buffer.from('{"contact":{"id":1}}');

  it('names the first secret that matches, even when a later one matches too', () => {
    expect(verify(body, sign('new', body), ['new', 'new', 'old'])).toEqual({ ok: true, secretIndex: 0 });
    expect(verify(body, sign('old', body), ['new', 'old', 'old'])).toEqual({ ok: true, secretIndex: 1 });
  });
});
