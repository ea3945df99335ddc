import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for producers (the receiver): commands fail at once while Redis is away, so
 * a delivery is answered 503 instead of waiting (BullMQ's production guide: fail-fast producers).
 */
export function createProducerRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    // Concurrent deliveries' commands share one write to Redis.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...options,
  });
}

/** A connection for workers and blocking commands: waits for Redis forever (BullMQ requires null retries). */
export function createWorkerRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...options,
  });
}
