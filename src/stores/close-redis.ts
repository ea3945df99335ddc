import type { RedisClient } from './redis-connections.js';

/**
 * Closes a client: QUIT when it is connected (the replies still due are read first), else a
 * disconnect. A QUIT given to a client that is reconnecting (Redis away, or refusing the
 * password) waits in its offline queue behind the commands already there, for a connection that
 * may never come, and the stop never ends.
 */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
    return;
  }
  redis.disconnect();
}
