import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface ContactLock {
  /** Runs `work` holding the contact's lock; resolves to undefined (work not run) when another job holds it. */
  withLock<T>(contactId: number, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

export interface ContactLockOptions {
  redis: Redis;
  prefix: string;
  /** Lock lifetime, renewed while the work runs, ms. Default 30 s (a crashed worker frees it by then). */
  ttlMs?: number;
}

/** Events of one contact are never processed at the same time (tag then untag must not interleave). */
export function createRedisContactLock(options: ContactLockOptions): ContactLock {
  const ttl = options.ttlMs ?? 30_000;
  return {
    async withLock(contactId, work) {
      const key = `${options.prefix}:lock:contact:${contactId}`;
      const token = randomUUID();
      const acquired = await options.redis.set(key, token, 'PX', ttl, 'NX');
      if (acquired !== 'OK') return { ran: false };
      const renew = setInterval(() => {
        options.redis.eval(EXTEND, 1, key, token, ttl).catch(() => undefined);
      }, Math.max(1000, Math.floor(ttl / 3)));
      renew.unref();
      try {
        return { ran: true, value: await work() };
      } finally {
        clearInterval(renew);
        await options.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      }
    },
  };
}
