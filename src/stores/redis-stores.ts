import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connections.js';
import type { ActionLedger, IntentLog, TagCache } from '../handlers/ports.js';
import { tryLock } from './redis-lock.js';

/** Key material for names chosen by operators: hashed, so any tag name makes a safe key. */
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export interface StoreOptions {
  redis: RedisClient;
  prefix: string;
}

/**
 * How long a completed message's ledger is kept: past BullMQ's stalled-job check (30 s) and the
 * job lock (30 s), so a job whose worker died after its last action, before the completion was
 * recorded, is run again within it and repeats nothing (docs/scaling.md#what-redis-keeps).
 */
export const COMPLETED_LEDGER_MS = 10 * 60_000;

/** A done action and the ledger's expiry in one step: the ledger never exists without one. */
const MARK = `redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return redis.call('PEXPIRE', KEYS[1], ARGV[3])`;
const MARK_COMMAND = 'systemeHooksLedgerMark';
type MarkCommand = (key: string, field: string, value: string, ttlMs: number) => Promise<number>;

/**
 * Done actions per message. While a job can still be retried (it failed, or it is between
 * attempts) the ledger is kept as long as failed jobs are (`ttlMs`; `failed show` reads it); once
 * every action ran, only `completedTtlMs` (default COMPLETED_LEDGER_MS).
 */
export function createRedisLedger(options: StoreOptions & { ttlMs: number; completedTtlMs?: number }): ActionLedger & {
  list(messageId: string): Promise<Record<string, string>>;
} {
  const key = (messageId: string) => `${options.prefix}:done:${messageId}`;
  // A script rather than MULTI: it joins the connection's auto-pipeline with the other commands.
  const redis = options.redis as RedisClient & Record<typeof MARK_COMMAND, MarkCommand | undefined>;
  if (redis[MARK_COMMAND] === undefined) redis.defineCommand(MARK_COMMAND, { numberOfKeys: 1, lua: MARK });
  const markCommand = redis[MARK_COMMAND] as MarkCommand;
  const completedTtlMs = options.completedTtlMs ?? COMPLETED_LEDGER_MS;
  return {
    async complete(messageId) {
      // Only ever shortens: LT leaves a shorter expiry as it is; a missing key stays missing.
      await options.redis.pexpire(key(messageId), completedTtlMs, 'LT');
    },
    async done(messageId) {
      return new Set(await options.redis.hkeys(key(messageId)));
    },
    async mark(messageId, actionKey) {
      await markCommand.call(redis, key(messageId), actionKey, new Date().toISOString(), Math.max(1, Math.round(options.ttlMs)));
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
