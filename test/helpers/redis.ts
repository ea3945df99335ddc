import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { deletePrefix } from '../../src/stores/delete-prefix.js';
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

/** Deletes every key under a prefix (the test's clean-up): the service's own (src/stores/delete-prefix.ts). */
export { deletePrefix };

/** `deletePrefix` on a connection of its own, closed after: a test file's clean-up in one call. */
export async function discardPrefix(prefix: string): Promise<void> {
  const redis = redisClient();
  try {
    await deletePrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
