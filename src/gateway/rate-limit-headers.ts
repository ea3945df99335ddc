import type { HeaderReader } from './node-http-fetch.js';
/** What the last answer's `X-RateLimit-*` headers said (numbers are not published: docs/systeme-io.md#rate-limit). */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** `X-RateLimit-Refill` as seconds from `at`; undefined when the header was absent. */
  refillSeconds: number | undefined;
  /** When the answer was received, in ms since the epoch. */
  at: number;
}

// Beyond this a "seconds" value can only be a Unix timestamp (2001-09-09 onwards).
const EPOCH_SECONDS_THRESHOLD = 1e9;

function number(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

/**
 * `X-RateLimit-Refill` in seconds from `now`. Its unit is undocumented: a delay is assumed,
 * but a value that can only be a Unix timestamp is read as one rather than as 30 years.
 */
export function refillSeconds(value: string | null, now: number): number | undefined {
  const parsed = number(value);
  if (parsed === undefined) return undefined;
  return parsed > EPOCH_SECONDS_THRESHOLD ? Math.max(0, parsed - now / 1000) : parsed;
}

/** The rate-limit state of one answer, or undefined when it carried no limit headers. */
export function readRateLimit(headers: HeaderReader, now: number): RateLimitState | undefined {
  const limit = number(headers.get('x-ratelimit-limit'));
  const remaining = number(headers.get('x-ratelimit-remaining'));
  if (limit === undefined || remaining === undefined) return undefined;
  return { limit, remaining, refillSeconds: refillSeconds(headers.get('x-ratelimit-refill'), now), at: now };
}

/** `Retry-After` in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = number(value);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long a 429 asks to wait: `Retry-After`, else `X-RateLimit-Refill`, else `fallbackMs`. */
export function rateLimitDelayMs(headers: HeaderReader, now: number, fallbackMs: number): number {
  const fromRetryAfter = retryAfterMs(headers.get('retry-after'), now);
  if (fromRetryAfter !== undefined) return fromRetryAfter;
  const refill = refillSeconds(headers.get('x-ratelimit-refill'), now);
  return refill !== undefined ? Math.round(refill * 1000) : fallbackMs;
}
