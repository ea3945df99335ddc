import { Redis } from 'ioredis';

/**
 * Removes every key under `prefix:` (a prefix of letters, digits and dashes: nothing a SCAN
 * pattern reads as a wildcard). The demo leaves nothing behind in a Redis it did not start.
 */
export async function removeKeys(url: string, prefix: string): Promise<number> {
  if (!/^[\w-]+$/.test(prefix)) throw new Error(`will not remove keys under "${prefix}": a prefix of letters, digits, _ and - only`);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  let removed = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      const batch = keys as string[];
      if (batch.length > 0) removed += await redis.unlink(...batch);
    }
    return removed;
  } finally {
    redis.disconnect();
  }
}
