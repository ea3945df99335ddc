import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../../src/stores/redis-connections.js';
import { inject } from 'vitest';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A key prefix of its own for one test, so tests sharing the Redis never see each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`;
}

export function redisClient(options: { maxRetriesPerRequest?: number | null } = {}): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: options.maxRetriesPerRequest ?? null });
}

/** Deletes every key under a prefix (the test's clean-up). */
export async function deletePrefix(client: RedisClient, prefix: string): Promise<void> {
  // On a cluster, each master holds its own keys.
  for (const node of client instanceof Cluster ? client.nodes('master') : [client]) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await node.del(...keys);
    } while (cursor !== '0');
  }
}

/** `deletePrefix` on a connection of its own, closed after: a test file's clean-up in one call. */
export async function discardPrefix(prefix: string): Promise<void> {
  const redis = redisClient();
  try {
    await deletePrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
