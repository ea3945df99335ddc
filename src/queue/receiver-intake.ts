import type { RedisClient } from '../stores/redis-connections.js';
import { createEventQueue, type EventQueue } from './event-queue.js';
import { createIntake, type Intake } from './intake.js';
import { withReplicaAck } from './replica-ack.js';

export interface ReceiverIntakeOptions {
  /** A fail-fast producer connection (createProducerRedis). */
  redis: RedisClient;
  prefix: string;
  /** How long a delivery is remembered (its message id, a sale's order item), ms; also the oldest SALE_NEW accepted. */
  dedupeTtlMs: number;
  attempts?: number;
  failedRetentionMs?: number;
  /** Longest wait for Redis before answering 503, ms. Default 2000. */
  timeoutMs?: number;
  /** Replicas that must hold a delivery before it is answered 2xx (REDIS_ACK_REPLICAS). Default 0. */
  ackReplicas?: number;
  /** Longest wait for them, ms (REDIS_ACK_TIMEOUT). Default 500. */
  ackTimeoutMs?: number;
}

/** The event queue and the intake in front of it, with sale and cross-event replay protection, as the receiver uses them. */
export function createReceiverIntake(options: ReceiverIntakeOptions): { queue: EventQueue; intake: Intake } {
  const queue = createEventQueue({
    connection: options.redis,
    prefix: options.prefix,
    ...(options.attempts === undefined ? {} : { attempts: options.attempts }),
    ...(options.failedRetentionMs === undefined ? {} : { failedRetentionMs: options.failedRetentionMs }),
  });
  const intake = createIntake({
    queue,
    redis: options.redis,
    dedupeTtlMs: options.dedupeTtlMs,
    sales: { ttlMs: options.dedupeTtlMs },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const acknowledged = withReplicaAck(intake, {
    redis: options.redis,
    replicas: options.ackReplicas ?? 0,
    timeoutMs: options.ackTimeoutMs ?? 500,
    probeKey: `${options.prefix}:ack-probe`,
  });
  return { queue, intake: acknowledged };
}
