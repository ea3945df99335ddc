import type { Redis } from 'ioredis';
import type { SaleHistory } from '../handlers/ports.js';

export interface SaleMarkersOptions {
  redis: Redis;
  prefix: string;
  /** How long an order item is remembered (BUSINESS_DEDUPE_TTL), ms. */
  ttlMs: number;
}

export interface SaleMarkers extends SaleHistory {
  markCancelled(businessKey: string): Promise<void>;
  /** Records that a message id was accepted, to tell a redelivery from a replay. */
  markMessage(messageId: string, ttlMs: number): Promise<void>;
  messageSeen(messageId: string): Promise<boolean>;
}

/** Where an order item is marked cancelled (the intake's checks set and read it too). */
export const saleCancelledKey = (prefix: string, businessKey: string) => `${prefix}:sale-canceled:${businessKey}`;

/** What the receiver and the workers remember about sales, beyond the queue itself. */
export function createRedisSaleMarkers(options: SaleMarkersOptions): SaleMarkers {
  const cancelledKey = (key: string) => saleCancelledKey(options.prefix, key);
  const messageKey = (id: string) => `${options.prefix}:sale-message:${id}`;
  return {
    async markCancelled(key) {
      await options.redis.set(cancelledKey(key), '1', 'PX', options.ttlMs);
    },
    async isCancelled(key) {
      return (await options.redis.exists(cancelledKey(key))) === 1;
    },
    async markMessage(id, ttlMs) {
      await options.redis.set(messageKey(id), '1', 'PX', ttlMs);
    },
    async messageSeen(id) {
      return (await options.redis.exists(messageKey(id))) === 1;
    },
  };
}
