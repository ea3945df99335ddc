/** A quota of `max` requests per fixed window of `durationMs`, starting with the first request. */
export interface RateLimit {
  max: number;
  durationMs: number;
  /**
   * Share (0..1) of every window's quota that another integration of the account spends, evenly
   * through the window: what it has spent so far counts against `max` like our own requests.
   */
  otherShare?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window refills (`X-RateLimit-Refill`). */
  refillSeconds: number;
}

export interface RateLimiter {
  /** Counts one request if the quota allows it. */
  take(): RateLimitDecision;
  /** The current state without counting a request (for answers that do not use quota, e.g. 401). */
  peek(): RateLimitDecision;
  reset(): void;
}

/**
 * Systeme.io's numbers and algorithm are not published (docs/systeme-io.md#rate-limit); a fixed window is the
 * simplest model matching its headers: a limit, what is left, and when it refills.
 */
export function createRateLimiter(rate: RateLimit, now: () => number = Date.now): RateLimiter {
  let windowStart: number | undefined;
  let used = 0;
  const otherShare = rate.otherShare ?? 0;
  /** What the other integration has spent since the window started. */
  const other = (start: number, at: number) => Math.floor((otherShare * rate.max * (at - start)) / rate.durationMs);

  function current(at: number): { used: number; endsAt: number } {
    if (windowStart === undefined || at >= windowStart + rate.durationMs) return { used: 0, endsAt: at + rate.durationMs };
    return { used: Math.min(rate.max, used + other(windowStart, at)), endsAt: windowStart + rate.durationMs };
  }

  function decision(allowed: boolean, at: number): RateLimitDecision {
    const window = current(at);
    return {
      allowed,
      limit: rate.max,
      remaining: Math.max(0, rate.max - window.used),
      refillSeconds: Math.max(1, Math.ceil((window.endsAt - at) / 1000)),
    };
  }

  return {
    take() {
      const at = now();
      if (windowStart === undefined || at >= windowStart + rate.durationMs) {
        windowStart = at;
        used = 0;
      }
      if (used + other(windowStart, at) >= rate.max) return decision(false, at);
      used += 1;
      return decision(true, at);
    },
    peek() {
      const at = now();
      return decision(current(at).used < rate.max, at);
    },
    reset() {
      windowStart = undefined;
      used = 0;
    },
  };
}

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-refill': String(decision.refillSeconds),
  };
}
