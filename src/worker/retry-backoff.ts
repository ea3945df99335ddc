export interface RetryBackoffOptions {
  /** Delay before the first retry, ms. Default 10 s. */
  baseMs?: number;
  /** Longest delay between two attempts, ms. Default 1 h. */
  capMs?: number;
  /** Injectable randomness in [0, 1). Default Math.random. */
  random?: () => number;
}

/**
 * Delay before retry number `attemptsMade` (1 = first retry): exponential, capped, with jitter on
 * the upper half so a burst of failures does not come back all at once. With the defaults,
 * ten attempts spread over about two hours (10 s, 20 s, 40 s … 1 h).
 */
export function retryBackoffMs(attemptsMade: number, options: RetryBackoffOptions = {}): number {
  const base = options.baseMs ?? 10_000;
  const cap = options.capMs ?? 3_600_000;
  const random = options.random ?? Math.random;
  const exponent = Math.max(0, attemptsMade - 1);
  const ceiling = Math.min(cap, base * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
