import type { RedisClient } from './redis-connections.js';
import type { EntitlementBuyers } from '../actions/entitlement-buyers.js';

/** One Redis set of contact ids per entitlement, kept without expiry (a few bytes per buyer). */
export function createRedisEntitlementBuyers(options: { redis: RedisClient; prefix: string }): EntitlementBuyers {
  const key = (entitlement: string) => `${options.prefix}:entitlement-buyers:${entitlement}`;
  return {
    async add(entitlement, contactId) {
      await options.redis.sadd(key(entitlement), String(contactId));
    },
    async list(entitlement) {
      const members = await options.redis.smembers(key(entitlement));
      return members.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    },
  };
}
