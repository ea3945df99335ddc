import { backoffMs } from '../common/backoff.js';

export interface RetryBackoffOptions {
  /** Delay before the first retry, ms. Default 10 s (JOB_BACKOFF). */
  baseMs?: number;
  /** Longest delay between two attempts, ms. Default 1 h. */
  capMs?: number;
  /** Injectable randomness in [0, 1). Default Math.random. */
  random?: () => number;
}

/**
 * Delay before job retry number `attemptsMade` (1 = first retry), with the worker's defaults:
 * ten attempts spread over about two hours (10 s, 20 s, 40 s … 1 h), jittered.
 */
export function retryBackoffMs(attemptsMade: number, options: RetryBackoffOptions = {}): number {
  return backoffMs(attemptsMade, { baseMs: options.baseMs ?? 10_000, capMs: options.capMs ?? 3_600_000, ...(options.random ? { random: options.random } : {}) });
}
