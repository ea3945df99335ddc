import type { Redis } from 'ioredis';

// Sets the key to the event unless it holds another one; returns that other event, or nil.
const CLAIM = `
local earlier = redis.call('GET', KEYS[1])
if earlier and earlier ~= ARGV[1] then return earlier end
if not earlier then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return false
`;

export interface BodyEvents {
  /**
   * Binds a body (its digest) to the event it was accepted as, for `ttlMs`. Resolves to the
   * other event when the body was already accepted as one, else undefined (same event: a
   * redelivery, left to the message-id dedupe).
   */
  claim(bodyDigest: string, event: string, ttlMs: number): Promise<string | undefined>;
}

/** Body digest → event type, in one Redis script so two concurrent deliveries cannot both win. */
export function createRedisBodyEvents(options: { redis: Redis; prefix: string }): BodyEvents {
  return {
    async claim(bodyDigest, event, ttlMs) {
      const key = `${options.prefix}:body-event:${bodyDigest}`;
      const earlier = (await options.redis.eval(CLAIM, 1, key, event, Math.max(1, Math.round(ttlMs)))) as string | null;
      return earlier ?? undefined;
    },
  };
}
