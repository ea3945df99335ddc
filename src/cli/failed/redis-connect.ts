import { Redis } from 'ioredis';
import { CliError } from '../command-context.js';

/** `redis://:secret@host:6379/0` → `redis://:***@host:6379/0`: the URL can carry a password. A socket path loses its query. */
export function redactRedisUrl(url: string): string {
  // A unix socket path: its query string (`?password=…`) is left out.
  if (url.startsWith('/')) return url.split('?')[0] ?? url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(an unreadable REDIS_URL)';
  }
}

/**
 * A short-lived connection for operator commands: one retry per command and a bounded number
 * of reconnects, so a stopped Redis gives a clear message within seconds instead of a hang.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // ioredis waits this long before dropping a socket that already failed; not worth a pause here.
    disconnectTimeout: 100,
    retryStrategy: (attempt) => (attempt > 1 ? null : 100),
  });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const cause = lastError ?? (error instanceof Error ? error : undefined);
    throw new CliError(`cannot reach Redis at ${redactRedisUrl(url)}${cause ? ` (${cause.message})` : ''}; is it running? set REDIS_URL`);
  }
  return redis;
}
