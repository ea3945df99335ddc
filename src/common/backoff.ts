export interface BackoffOptions {
  /** Delay after the first failure, before jitter. */
  baseMs: number;
  /** Longest delay, before jitter. */
  capMs: number;
  /** Uniform in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * The one backoff formula (API call retries and job retries): exponential from `baseMs`
 * (base·2^(attempt−1), attempt 1 = the first retry), capped at `capMs`, with "equal jitter" —
 * half fixed, half random — so that a burst of failures spreads out yet never retries at once.
 */
export function backoffMs(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
