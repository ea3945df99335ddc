import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connections.js';

// Only the holder (the token it set) may release or extend a lock: a lock that expired and was
// taken by another process is left alone.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/** A lock this process holds. */
export interface HeldLock {
  /** Renews it for another `ttlMs`; resolves false when it was lost meanwhile. */
  extend(): Promise<boolean>;
  release(): Promise<void>;
}

/** Takes `key` for `ttlMs` unless someone holds it: resolves undefined then. */
export async function tryLock(redis: RedisClient, key: string, ttlMs: number): Promise<HeldLock | undefined> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
  return {
    extend: async () => Number(await redis.eval(EXTEND, 1, key, token, ttlMs)) === 1,
    release: async () => void (await redis.eval(RELEASE, 1, key, token)),
  };
}
