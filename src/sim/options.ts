import type { RateLimit } from './rate-limiter.js';
import type { SeedData } from './seed/seed-schema.js';

export interface SimulatorOptions {
  /** Required API key: accepted as `X-API-Key: <key>` and as `Authorization: Bearer <key>` (Maton mode). */
  apiKey: string;
  /** Data the account starts with; same JSON as `POST /__sim/seed`. Default: empty account. */
  seed?: SeedData;
  /** Fixed window of `max` requests per `durationMs`. Default 10 000 per minute (Systeme.io's real numbers are unpublished). */
  rateLimit?: { max: number; durationMs: number };
  /**
   * Share (0..1) of every quota window spent by "another integration" of the account, evenly
   * through the window; its requests are not logged but count against the quota. Default 0.
   */
  otherIntegrationShare?: number;
  /** Added to every API response. Default 0. */
  latencyMs?: number;
  /** Share (0..1) of API requests answered 500 or 503 without touching state; not `/__sim/*`. Default 0. */
  failRate?: number;
  /** Delivery attempts per event per webhook. Default 5. */
  webhookAttempts?: number;
  /** Delay before the first redelivery; doubles for each next one. Default 1000. */
  webhookRetryDelayMs?: number;
  /** Delay before a membership accepted with 202 appears. Default 200. */
  membershipDelayMs?: number;
  /** Consecutive events whose attempts all failed before a subscription is disabled with BAD_SUCCESS_RATE. Default 20. */
  disableAfterFailures?: number;
  /** Randomness for faults. Default Math.random. */
  random?: () => number;
}

export interface ResolvedOptions {
  apiKey: string;
  rateLimit: RateLimit;
  latencyMs: number;
  failRate: number;
  webhookAttempts: number;
  webhookRetryDelayMs: number;
  membershipDelayMs: number;
  disableAfterFailures: number;
  random: () => number;
}

function check(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new RangeError(`Simulator option ${name} must be a number between ${min} and ${max}; got ${value}.`);
  return value;
}

/** Fills in defaults and rejects values that cannot work, naming the option. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') throw new TypeError('Simulator option apiKey is required: the key clients must send.');
  const rateLimit = options.rateLimit ?? { max: 10_000, durationMs: 60_000 };
  return {
    apiKey: options.apiKey,
    rateLimit: {
      max: check('rateLimit.max', rateLimit.max, 1),
      durationMs: check('rateLimit.durationMs', rateLimit.durationMs, 1),
      otherShare: check('otherIntegrationShare', options.otherIntegrationShare ?? 0, 0, 1),
    },
    latencyMs: check('latencyMs', options.latencyMs ?? 0, 0),
    failRate: check('failRate', options.failRate ?? 0, 0, 1),
    webhookAttempts: Math.floor(check('webhookAttempts', options.webhookAttempts ?? 5, 1)),
    webhookRetryDelayMs: check('webhookRetryDelayMs', options.webhookRetryDelayMs ?? 1000, 0),
    membershipDelayMs: check('membershipDelayMs', options.membershipDelayMs ?? 200, 0),
    disableAfterFailures: Math.floor(check('disableAfterFailures', options.disableAfterFailures ?? 20, 1)),
    random: options.random ?? Math.random,
  };
}
