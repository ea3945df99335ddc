import { describe, expect, it } from 'vitest';
import {
  ClientError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../../src/gateway/errors.js';
import { MAX_INLINE_RETRY_AFTER_MS, retryDelay, shouldRetry } from '../../src/gateway/retry.js';

const op = 'contacts.get';
const network = (sent: boolean) => new NetworkError(op, 'no answer', sent);

describe('shouldRetry', () => {
  it.each([
    ['a 5xx', new ServerError(op, 502, 'bad gateway')],
    ['a timeout', new TimeoutError(op, 10)],
    ['a network error', network(true)],
  ])('retries %s on GET, PUT and DELETE', (_label, error) => {
    for (const method of ['GET', 'PUT', 'DELETE', 'get']) expect(shouldRetry(error, 1, method, 2)).toBe(true);
  });

  it('stops once the retries are spent', () => {
    const error = new ServerError(op, 500, 'oops');
    expect(shouldRetry(error, 2, 'GET', 2)).toBe(true);
    expect(shouldRetry(error, 3, 'GET', 2)).toBe(false);
    expect(shouldRetry(error, 1, 'GET', 0)).toBe(false);
  });

  it('does not repeat a POST or PATCH that may have reached the server', () => {
    for (const method of ['POST', 'PATCH']) {
      expect(shouldRetry(new ServerError(op, 503, 'x'), 1, method, 2)).toBe(false);
      expect(shouldRetry(new TimeoutError(op, 10), 1, method, 2)).toBe(false);
      expect(shouldRetry(network(true), 1, method, 2)).toBe(false);
    }
  });

  it('repeats a POST whose connection was refused, since nothing was sent', () => {
    expect(shouldRetry(network(false), 1, 'POST', 2)).toBe(true);
    expect(shouldRetry(network(false), 3, 'POST', 2)).toBe(false);
  });

  it('never retries 429 nor other 4xx inside the call', () => {
    const errors = [
      new RateLimitedError(op, 'slow down', 1000),
      new ValidationError(op, 'bad', []),
      new NotFoundError(op, 'gone'),
      new ClientError(op, 409, 'conflict'),
      new Error('plain'),
    ];
    for (const error of errors) expect(shouldRetry(error, 1, 'GET', 5)).toBe(false);
  });

  it('gives a 503 with a long Retry-After back to the caller', () => {
    expect(shouldRetry(new ServerError(op, 503, 'x', MAX_INLINE_RETRY_AFTER_MS), 1, 'GET', 2)).toBe(true);
    expect(shouldRetry(new ServerError(op, 503, 'x', MAX_INLINE_RETRY_AFTER_MS + 1), 1, 'GET', 2)).toBe(false);
  });
});

describe('retryDelay', () => {
  it('doubles from the base, between half and all of the step', () => {
    expect(retryDelay(1, { baseMs: 200, random: () => 0 })).toBe(100);
    expect(retryDelay(1, { baseMs: 200, random: () => 0.999999 })).toBe(200);
    expect(retryDelay(2, { baseMs: 200, random: () => 0 })).toBe(200);
    expect(retryDelay(3, { baseMs: 200, random: () => 0.5 })).toBe(600);
  });

  it('is capped', () => {
    expect(retryDelay(10, { baseMs: 200, capMs: 2000, random: () => 0.999999 })).toBe(2000);
    expect(retryDelay(30, { baseMs: 200, capMs: 2000, random: () => 0 })).toBe(1000);
  });

  it('uses the defaults 200 ms base and 2 s cap', () => {
    expect(retryDelay(1, { random: () => 0 })).toBe(100);
    expect(retryDelay(8, { random: () => 0 })).toBe(1000);
  });

  it('lets a short Retry-After win, even above the cap', () => {
    expect(retryDelay(1, { random: () => 0, retryAfterMs: 3000 })).toBe(3000);
    expect(retryDelay(1, { random: () => 0, retryAfterMs: 0 })).toBe(0);
  });

  it('ignores a Retry-After too long to wait for inside a call', () => {
    expect(retryDelay(1, { random: () => 0, retryAfterMs: 60_000 })).toBe(100);
  });
});
