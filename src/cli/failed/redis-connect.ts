import type { RedisClient } from '../../stores/redis-connections.js';
import { describeRedisEndpoint, type RedisEndpoint } from '../../config/redis-endpoint.js';
import { connectTo } from '../../stores/redis-connections.js';
import { CliError } from '../command-context.js';
import { addressSetting, loginRefused, passwordAdvice } from '../support/redis-advice.js';

/**
 * A short-lived connection for operator commands: one retry per command and a bounded number
 * of reconnects (and of sentinel rounds), so a stopped Redis gives a clear message within
 * seconds instead of a hang.
 */
export async function connectRedis(endpoint: RedisEndpoint): Promise<RedisClient> {
  const redis = connectTo(endpoint, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // ioredis waits this long before dropping a socket that already failed; not worth a pause here.
    disconnectTimeout: 100,
    retryStrategy: (attempt) => (attempt > 1 ? null : 100),
    sentinelRetryStrategy: (attempt) => (attempt > 2 ? null : 100),
    clusterRetryStrategy: (attempt) => (attempt > 1 ? null : 100),
  });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const cause = lastError ?? (error instanceof Error ? error : undefined);
    const where = `Redis at ${describeRedisEndpoint(endpoint)}${cause ? ` (${cause.message})` : ''}`;
    if (cause && loginRefused(cause)) throw new CliError(`${where} refused the login: ${passwordAdvice(endpoint)}`);
    const setting = endpoint.kind === 'url' ? 'set REDIS_URL' : `check ${addressSetting(endpoint)}${endpoint.kind === 'sentinel' ? ' and REDIS_SENTINEL_NAME' : ''}`;
    throw new CliError(`cannot reach ${where}; is it running? ${setting}`);
  }
  return redis;
}
