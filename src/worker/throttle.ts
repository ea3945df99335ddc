import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RateLimitState } from '../gateway/rate-limit-headers.js';

// Sliding log over Redis time: at most `max` acquisitions in any `window` ms, shared by every
// process; a pause key set on a 429 holds everyone back. Returns 0 when granted, else ms to wait.
const ACQUIRE = `
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return pause end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
`;

export interface ThrottleOptions {
  redis: Redis;
  /** Key prefix, e.g. `systeme-hooks`. */
  prefix: string;
  /** At most `max` API calls in any `durationMs`, for every process together (SYSTEME_RATE_LIMIT). */
  max: number;
  durationMs: number;
  /**
   * Added to the window so requests that leave together but arrive a little apart still fit
   * the API's own window. Default 50 ms.
   */
  marginMs?: number;
  /** Holds this process's queue back too (BullMQ `queue.rateLimit`), when a 429 reaches a job. */
  queue?: { rateLimit(ms: number): Promise<void> };
  logger?: Logger;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * The one place the API quota is kept (docs/systeme-io.md#rate-limit: it is per account, shared by every key):
 * a limiter every API call waits on, a pause the answers' rate-limit headers start when they say
 * the quota is spent, and the pause a 429 starts, which also holds the queue back.
 */
export interface Throttle {
  /** Waits until a call may be made (or the signal aborts): the gateway's `beforeRequest`. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Reads the last answer's rate-limit headers: a spent quota holds every process back until its refill. */
  observe(state: RateLimitState | undefined): void;
  /** After a 429: holds every process and this process's queue back for `ms`. */
  pauseFor(ms: number): Promise<void>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Headers older than this describe a quota that may have been refilled since. */
const FRESH_HEADERS_MS = 1000;

export function createThrottle(options: ThrottleOptions): Throttle {
  const logKey = `${options.prefix}:api-rate:log`;
  const pauseKey = `${options.prefix}:api-rate:pause`;
  const window = options.durationMs + (options.marginMs ?? 50);
  const now = options.now ?? Date.now;
  const pauseEveryone = (ms: number) => options.redis.eval(PAUSE, 1, pauseKey, Math.max(1, Math.round(ms)));
  return {
    async acquire(signal) {
      for (;;) {
        const wait = Number(await options.redis.eval(ACQUIRE, 2, logKey, pauseKey, options.max, window, randomUUID()));
        if (wait <= 0) return;
        // A little jitter so waiting workers do not all ask again in the same millisecond.
        await sleep(Math.min(wait, 5_000) + Math.floor(Math.random() * 15), signal);
      }
    },
    observe(state) {
      // Every process waits for the refill instead of spending requests on 429s.
      if (!state || state.remaining !== 0 || !state.refillSeconds || now() - state.at >= FRESH_HEADERS_MS) return;
      pauseEveryone(state.refillSeconds * 1000).catch((err: Error) =>
        options.logger?.warn({ err: { message: err.message } }, 'could not pause the API rate limiter'),
      );
    },
    async pauseFor(ms) {
      await pauseEveryone(ms);
      await options.queue?.rateLimit(ms);
    },
  };
}
