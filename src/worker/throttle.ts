import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../stores/redis-connections.js';
import type { Logger } from 'pino';
import type { RateLimitState } from '../gateway/rate-limit-headers.js';
import { ACQUIRE, LEARN, PAUSE } from './throttle-scripts.js';

export interface ThrottleOptions {
  redis: RedisClient;
  /** Key prefix, e.g. `systeme-hooks`. */
  prefix: string;
  /**
   * An explicit cap (SYSTEME_RATE_LIMIT): at most `max` API calls in any `durationMs` (default
   * 1 s), for every process together. Without it the limiter learns the quota from the answers.
   */
  max?: number | undefined;
  durationMs?: number | undefined;
  /** Learning: the share of the account's quota left to its other integrations, percent. Default 10. */
  marginPercent?: number;
  /** Learning: the pace before any answer has told the quota. Default 2 calls a second. */
  start?: { max: number; durationMs: number };
  /** Learning: how long a quota is kept when no answer says it again. Default 10 min. */
  learnTtlMs?: number;
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

/** What this process knows of the quota, for the metrics. */
export interface QuotaView {
  /** `configured`: SYSTEME_RATE_LIMIT; `start`: learning, nothing learned yet; `learned`: from the headers. */
  source: 'configured' | 'start' | 'learned';
  /** Calls per window the API allows (`X-RateLimit-Limit`), and the window, once an answer said them. */
  limit?: number;
  windowMs?: number;
  /** Share of the current window's quota already used, by every integration of the account, at the last answer. */
  usedShare?: number;
  /** Calls a second the limiter lets every process together make. */
  allowedPerSecond: number;
}

/**
 * The one place the API quota is kept (docs/systeme-io.md#rate-limit: it is per account, shared by every key):
 * a limiter every API call waits on, a pause the answers' rate-limit headers start when they say
 * the quota is spent, and the pause a 429 starts, which also holds the queue back. Without an
 * explicit cap it learns the quota from the headers (docs/gateway.md#a-limiter-that-learns-the-quota).
 */
export interface Throttle {
  /** Waits until a call may be made (or the signal aborts): the gateway's `beforeRequest`. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** One try: 0 when a call was granted, else how long to wait before asking again, ms. */
  tryAcquire(): Promise<number>;
  /** Reads the last answer's rate-limit headers: learns the quota; a spent one holds every process back until its refill. */
  observe(state: RateLimitState | undefined): void;
  /** After a 429: holds every process and this process's queue back for `ms`. */
  pauseFor(ms: number): Promise<void>;
  quota(): QuotaView;
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
  const quotaKey = `${options.prefix}:api-rate:quota`;
  const learning = options.max === undefined;
  const base = learning ? (options.start ?? { max: 2, durationMs: 1000 }) : { max: options.max!, durationMs: options.durationMs ?? 1000 };
  const marginMs = options.marginMs ?? 50;
  const marginPercent = options.marginPercent ?? 10;
  const learnTtlMs = options.learnTtlMs ?? 600_000;
  const now = options.now ?? Date.now;
  const warn = (message: string) => (err: Error) => options.logger?.warn({ err: { message: err.message } }, message);
  const pauseEveryone = (ms: number) => options.redis.eval(PAUSE, 1, pauseKey, Math.max(1, Math.round(ms)));
  const known: { limit?: number; windowMs?: number; usedShare?: number; savedAt: number } = { savedAt: 0 };

  function learn(state: RateLimitState): void {
    if (state.limit <= 0) return;
    known.usedShare = Math.min(1, Math.max(0, (state.limit - state.remaining) / state.limit));
    if (!state.refillSeconds || state.refillSeconds <= 0) return;
    // The refill is read in whole seconds, rounded up: a window is never taken shorter than it is.
    const windowMs = Math.max(1000, Math.ceil(state.refillSeconds) * 1000);
    const changed = state.limit !== known.limit || windowMs > (known.windowMs ?? 0);
    if (!changed && now() - known.savedAt < learnTtlMs / 4) return;
    known.limit = state.limit;
    known.windowMs = Math.max(windowMs, known.windowMs ?? 0);
    known.savedAt = now();
    options.redis
      .eval(LEARN, 1, quotaKey, state.limit, windowMs, learnTtlMs)
      .then((window) => {
        if (state.limit === known.limit) known.windowMs = Math.max(known.windowMs ?? 0, Number(window));
      })
      .catch(warn('could not record the learned API quota'));
  }

  const tryAcquire = async () => {
    const args = [base.max, base.durationMs + marginMs, randomUUID(), learning ? 1 : 0, marginPercent, marginMs];
    return Number(await options.redis.eval(ACQUIRE, 3, logKey, pauseKey, quotaKey, ...args));
  };

  return {
    tryAcquire,
    async acquire(signal) {
      for (;;) {
        const wait = await tryAcquire();
        if (wait <= 0) return;
        // A little jitter so waiting workers do not all ask again in the same millisecond.
        await sleep(Math.min(wait, 5_000) + Math.floor(Math.random() * 15), signal);
      }
    },
    observe(state) {
      if (!state) return;
      learn(state);
      // Every process waits for the refill instead of spending requests on 429s.
      if (state.remaining !== 0 || !state.refillSeconds || now() - state.at >= FRESH_HEADERS_MS) return;
      pauseEveryone(state.refillSeconds * 1000).catch(warn('could not pause the API rate limiter'));
    },
    async pauseFor(ms) {
      await pauseEveryone(ms);
      await options.queue?.rateLimit(ms);
    },
    quota() {
      const told = {
        ...(known.limit === undefined ? {} : { limit: known.limit }),
        ...(known.windowMs === undefined ? {} : { windowMs: known.windowMs }),
        ...(known.usedShare === undefined ? {} : { usedShare: known.usedShare }),
      };
      if (learning && known.limit !== undefined && known.windowMs !== undefined) {
        const max = Math.max(1, Math.floor((known.limit * (100 - marginPercent)) / 100));
        return { source: 'learned', ...told, allowedPerSecond: max / ((known.windowMs + marginMs) / 1000) };
      }
      return { source: learning ? 'start' : 'configured', ...told, allowedPerSecond: base.max / ((base.durationMs + marginMs) / 1000) };
    },
  };
}
