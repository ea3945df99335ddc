import { describe, expect, it } from 'vitest';
import { createRateLimiter, rateLimitHeaders } from '../../src/sim/rate-limiter.js';

describe('createRateLimiter', () => {
  it('allows max requests per fixed window, then refuses until the window refills', () => {
    let now = 10_000;
    const limiter = createRateLimiter({ max: 2, durationMs: 5000 }, () => now);
    expect(limiter.take()).toEqual({ allowed: true, limit: 2, remaining: 1, refillSeconds: 5 });
    now += 1200;
    expect(limiter.take()).toEqual({ allowed: true, limit: 2, remaining: 0, refillSeconds: 4 });
    now += 1000;
    expect(limiter.take()).toEqual({ allowed: false, limit: 2, remaining: 0, refillSeconds: 3 });
    now = 15_000;
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 1, refillSeconds: 5 });
  });

  it('never reports less than one second to wait', () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 1, durationMs: 1000 }, () => now);
    limiter.take();
    now = 999;
    expect(limiter.take()).toMatchObject({ allowed: false, refillSeconds: 1 });
  });

  it('peek does not use quota, and reset starts afresh', () => {
    const limiter = createRateLimiter({ max: 1, durationMs: 60_000 }, () => 0);
    expect(limiter.peek()).toMatchObject({ allowed: true, remaining: 1 });
    limiter.take();
    expect(limiter.peek()).toMatchObject({ allowed: false, remaining: 0 });
    limiter.reset();
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('renders the three Systeme.io headers', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 3, remaining: 2, refillSeconds: 60 })).toEqual({
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '2',
      'x-ratelimit-refill': '60',
    });
  });

  it('counts what another integration spends, evenly through the window, against the same quota', () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 10, durationMs: 1000, otherShare: 0.5 }, () => now);
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 9 });
    now = 500;
    // By mid-window the other integration has spent a quarter of the quota (half of its share).
    expect(limiter.peek()).toMatchObject({ allowed: true, remaining: 10 - 1 - 2 });
    for (let i = 0; i < 7; i++) expect(limiter.take().allowed).toBe(true);
    expect(limiter.take()).toMatchObject({ allowed: false, remaining: 0 });
    now = 1000;
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 9 });
  });
});
