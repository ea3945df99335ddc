import type { RedisClient } from '../stores/redis-connections.js';
import type { SaleHistory } from '../handlers/ports.js';

export interface SaleMarkersOptions {
  redis: RedisClient;
  prefix: string;
}

/** Where an order item is marked cancelled (set by the intake's checks, src/queue/intake-writes.ts). */
export const saleCancelledKey = (prefix: string, businessKey: string) => `${prefix}:sale-canceled:${businessKey}`;

/** What the workers read of what the receiver remembers about sales, beyond the queue itself. */
export function createRedisSaleMarkers(options: SaleMarkersOptions): SaleHistory {
  return {
    async isCancelled(key) {
      return (await options.redis.exists(saleCancelledKey(options.prefix, key))) === 1;
    },
  };
}
