import { describe, expect, it } from 'vitest';
import { rateLimitDelayMs, readRateLimit, refillSeconds, retryAfterMs } from '../../src/gateway/rate-limit-headers.js';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('rate-limit headers', () => {
  it('reads limit, remaining and refill', () => {
    const headers = new Headers({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '7', 'X-RateLimit-Refill': '12' });
    expect(readRateLimit(headers, now)).toEqual({ limit: 60, remaining: 7, refillSeconds: 12, at: now });
  });

  it('has no state without limit headers, and tolerates a missing refill', () => {
    expect(readRateLimit(new Headers(), now)).toBeUndefined();
    expect(readRateLimit(new Headers({ 'x-ratelimit-limit': 'many', 'x-ratelimit-remaining': '1' }), now)).toBeUndefined();
    expect(readRateLimit(new Headers({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' }), now)?.refillSeconds).toBeUndefined();
  });

  it('reads a refill that can only be a Unix timestamp as one', () => {
    expect(refillSeconds(String(now / 1000 + 30), now)).toBe(30);
    expect(refillSeconds(String(now / 1000 - 30), now)).toBe(0);
    expect(refillSeconds('2.5', now)).toBe(2.5);
    expect(refillSeconds('-1', now)).toBeUndefined();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('0.5', now)).toBe(500);
    expect(retryAfterMs(new Date(now + 4000).toUTCString(), now)).toBe(4000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('asks a 429 to wait for Retry-After, else the refill, else the fallback', () => {
    expect(rateLimitDelayMs(new Headers({ 'retry-after': '2', 'x-ratelimit-refill': '9' }), now, 1000)).toBe(2000);
    expect(rateLimitDelayMs(new Headers({ 'x-ratelimit-refill': '9' }), now, 1000)).toBe(9000);
    expect(rateLimitDelayMs(new Headers(), now, 1000)).toBe(1000);
  });
});
