import { Redis, type RedisOptions } from 'ioredis';
import type { RedisEndpoint } from '../config/redis-endpoint.js';

/** A Redis URL (tests, benches, the demo) or the configured endpoint (`config.redis.endpoint`). */
export type RedisTarget = string | RedisEndpoint;

const reconnect = (attempt: number) => Math.min(attempt * 200, 2000);

/**
 * One connection to `target`. With Sentinel, ioredis asks the sentinels for the current master
 * at every (re)connect, so a failover is followed without a restart (the old master closes its
 * connections when it is demoted, or is gone); a node that turns out to be a replica is dropped
 * and the master asked again. ioredis' `failoverDetector` stays off: its `+switch-master`
 * message, arriving while a connection is already reconnecting, ends that connection for good.
 */
export function connectTo(target: RedisTarget, options: RedisOptions): Redis {
  if (typeof target === 'string') return new Redis(target, options);
  const password = target.password === undefined ? {} : { password: target.password };
  if (target.kind === 'url') return new Redis(target.url, { ...password, ...options });
  return new Redis({
    sentinels: target.sentinels,
    name: target.name,
    ...password,
    ...(target.sentinelPassword === undefined ? {} : { sentinelPassword: target.sentinelPassword }),
    // Ask the sentinels again quickly while they elect a new master, forever.
    sentinelRetryStrategy: reconnect,
    ...options,
  });
}

/**
 * A connection for producers (the receiver): commands fail at once while Redis is away, so
 * a delivery is answered 503 instead of waiting (BullMQ's production guide: fail-fast producers).
 */
export function createProducerRedis(target: RedisTarget, options: RedisOptions = {}): Redis {
  return connectTo(target, {
    enableOfflineQueue: false,
    // Concurrent deliveries' commands share one write to Redis.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: reconnect,
    ...options,
  });
}

/** A connection for workers and blocking commands: waits for Redis forever (BullMQ requires null retries). */
export function createWorkerRedis(target: RedisTarget, options: RedisOptions = {}): Redis {
  return connectTo(target, {
    maxRetriesPerRequest: null,
    retryStrategy: reconnect,
    ...options,
  });
}
