import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ActionLedger, IntentLog, TagCache } from '../handlers/ports.js';
import { tryLock } from './redis-lock.js';

/** Key material for names chosen by operators: hashed, so any tag name makes a safe key. */
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export interface StoreOptions {
  redis: Redis;
  prefix: string;
}

/** Done actions per message, kept as long as failed jobs are (they are read by `failed show`). */
export function createRedisLedger(options: StoreOptions & { ttlMs: number }): ActionLedger & {
  list(messageId: string): Promise<Record<string, string>>;
} {
  const key = (messageId: string) => `${options.prefix}:done:${messageId}`;
  return {
    async done(messageId) {
      return new Set(await options.redis.hkeys(key(messageId)));
    },
    async mark(messageId, actionKey) {
      await options.redis
        .multi()
        .hset(key(messageId), actionKey, new Date().toISOString())
        .pexpire(key(messageId), options.ttlMs)
        .exec();
    },
    async list(messageId) {
      return options.redis.hgetall(key(messageId));
    },
  };
}

/** Tag ids by exact name, for `ttlMs` (default 1 h), and a creation lock per name. */
export function createRedisTagCache(options: StoreOptions & { ttlMs?: number }): TagCache {
  const ttl = options.ttlMs ?? 3_600_000;
  const key = (name: string) => `${options.prefix}:tag-id:${digest(name)}`;
  return {
    async get(name) {
      const value = await options.redis.get(key(name));
      return value === null ? undefined : Number(value);
    },
    async set(name, id) {
      await options.redis.set(key(name), String(id), 'PX', ttl);
    },
    async forget(name) {
      await options.redis.del(key(name));
    },
    async lockCreation(name) {
      const lock = await tryLock(options.redis, `${options.prefix}:tag-create:${digest(name)}`, 30_000);
      return lock?.release;
    },
  };
}

export function createRedisIntentLog(options: StoreOptions): IntentLog {
  return {
    async record(intent, ttlMs) {
      const set = await options.redis.set(`${options.prefix}:intent:${digest(intent)}`, '1', 'PX', ttlMs, 'NX');
      return set !== 'OK';
    },
  };
}
