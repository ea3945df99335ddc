import { backoffMs } from '../common/backoff.js';
import { NetworkError, ServerError, TimeoutError } from './errors.js';

// Methods whose repetition leaves the same state (docs/gateway.md, "Retries"). POST creates or acts
// (a second POST /contacts or /cancel is not the same as one), so it is not repeated blindly.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** A 503 asking to wait longer than this is given back to the caller instead of waited on. */
export const MAX_INLINE_RETRY_AFTER_MS = 5_000;

/**
 * Whether to try again after attempt number `attempt` (1 = the first) failed with `error`.
 * Only network errors, timeouts and 5xx, only on idempotent methods, at most `maxRetries` times.
 * A POST/PATCH is repeated only when the request surely never left (connection refused, DNS):
 * then the server cannot have acted on it. 429 is never retried here (the caller pauses).
 */
export function shouldRetry(error: unknown, attempt: number, method: string, maxRetries: number): boolean {
  if (attempt > maxRetries) return false;
  const idempotent = IDEMPOTENT.has(method.toUpperCase());
  if (error instanceof NetworkError) return idempotent || !error.requestSent;
  if (error instanceof TimeoutError) return idempotent;
  if (error instanceof ServerError) {
    return idempotent && (error.retryAfterMs === undefined || error.retryAfterMs <= MAX_INLINE_RETRY_AFTER_MS);
  }
  return false;
}

export interface RetryDelayOptions {
  /** First delay before jitter. Default 200 ms. */
  baseMs?: number;
  /** Longest computed delay. Default 2000 ms. */
  capMs?: number;
  /** Uniform in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** A server's `Retry-After`, which wins when it is short enough to wait for. */
  retryAfterMs?: number | undefined;
}

/** Delay before the retry following failed attempt `attempt`: a short `Retry-After`, else the shared backoff. */
export function retryDelay(attempt: number, options: RetryDelayOptions = {}): number {
  const { baseMs = 200, capMs = 2_000, random = Math.random, retryAfterMs } = options;
  if (retryAfterMs !== undefined && retryAfterMs <= MAX_INLINE_RETRY_AFTER_MS) return retryAfterMs;
  return backoffMs(attempt, { baseMs, capMs, random });
}
