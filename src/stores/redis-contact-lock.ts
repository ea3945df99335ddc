import type { Logger } from 'pino';
import type { RedisClient } from './redis-connections.js';
import { tryLock } from './redis-lock.js';

export interface ContactLock {
  /** Runs `work` holding the contact's lock; resolves to undefined (work not run) when another job holds it. */
  withLock<T>(contactId: number, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

export interface ContactLockOptions {
  redis: RedisClient;
  prefix: string;
  /** Lock lifetime, renewed while the work runs, ms. Default 30 s (a crashed worker frees it by then). */
  ttlMs?: number;
  /** Gets a warning when a renewal or a release fails (the lock then expires by itself). */
  logger?: Logger;
}

/** Events of one contact are never processed at the same time (tag then untag must not interleave). */
export function createRedisContactLock(options: ContactLockOptions): ContactLock {
  const ttl = options.ttlMs ?? 30_000;
  return {
    async withLock(contactId, work) {
      const lock = await tryLock(options.redis, `${options.prefix}:lock:contact:${contactId}`, ttl);
      if (!lock) return { ran: false };
      const warn = (what: string) => (err: Error) => options.logger?.warn({ contactId, err: { message: err.message } }, `contact lock ${what} failed; it expires by itself`);
      const renew = setInterval(() => void lock.extend().catch(warn('renewal')), Math.max(1000, Math.floor(ttl / 3)));
      renew.unref();
      try {
        return { ran: true, value: await work() };
      } finally {
        clearInterval(renew);
        await lock.release().catch(warn('release'));
      }
    },
  };
}
