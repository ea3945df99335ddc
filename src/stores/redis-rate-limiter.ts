import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

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

export interface RateLimiterOptions {
  redis: Redis;
  /** Key prefix, e.g. `systeme-hooks`. */
  prefix: string;
  max: number;
  durationMs: number;
  /**
   * Added to the window so requests that leave together but arrive a little apart still fit
   * the API's own window. Default 50 ms.
   */
  marginMs?: number;
}

export interface RateLimiter {
  /** Waits until a call may be made (or the signal aborts). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds every process back for `ms` (after a 429). */
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

export function createRedisRateLimiter(options: RateLimiterOptions): RateLimiter {
  const logKey = `${options.prefix}:api-rate:log`;
  const pauseKey = `${options.prefix}:api-rate:pause`;
  const window = options.durationMs + (options.marginMs ?? 50);
  return {
    async acquire(signal) {
      for (;;) {
        const wait = Number(await options.redis.eval(ACQUIRE, 2, logKey, pauseKey, options.max, window, randomUUID()));
        if (wait <= 0) return;
        // A little jitter so waiting workers do not all ask again in the same millisecond.
        await sleep(Math.min(wait, 5_000) + Math.floor(Math.random() * 15), signal);
      }
    },
    async pauseFor(ms) {
      await options.redis.eval(PAUSE, 1, pauseKey, Math.max(1, Math.round(ms)));
    },
  };
}
