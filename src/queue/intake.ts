import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { saleBusinessKey } from '../events/business-key.js';
import type { JobData } from '../events/job-data.js';
import type { EventQueue } from './event-queue.js';
import { IntakeUnavailableError, type EnqueueResult, type Intake } from './intake-port.js';
import type { SaleMarkers } from './sale-markers.js';

export { IntakeUnavailableError, type EnqueueResult, type Intake } from './intake-port.js';

export interface IntakeOptions {
  queue: EventQueue;
  redis: Redis;
  /** How long a message id is remembered, ms. */
  dedupeTtlMs: number;
  /** Sale replay protection; without it sales are deduped on their message id only. */
  sales?: { markers: SaleMarkers; ttlMs: number };
  /** Longest wait for Redis before answering 503, ms. Default 2000. */
  timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createIntake(options: IntakeOptions): Intake {
  const timeoutMs = options.timeoutMs ?? 2000;
  const sales = options.sales;

  // The receiver builds the job from checked parts (readDelivery); the worker validates it again.
  async function store(data: JobData, dedupeId: string): Promise<EnqueueResult> {
    // The producer connection fails fast while Redis is away; this waits only for its first connect.
    await options.queue.waitUntilReady();
    const business = sales ? saleBusinessKey(data.event, data.payload) : undefined;
    if (sales && business && data.event === 'SALE_NEW' && (await sales.markers.isCancelled(business))) {
      return { status: 'replayed', reason: `${business} was already cancelled` };
    }
    // A sale is processed at most once per order item, whatever its (unsigned) message id.
    const deduplication =
      sales && business
        ? { id: `${data.event}:${business}`, ttl: sales.ttlMs }
        : { id: dedupeId, ttl: options.dedupeTtlMs };
    // Before the add: an authentic cancellation stays remembered even if the add then fails.
    if (sales && business && data.event === 'SALE_CANCELED') await sales.markers.markCancelled(business);
    const jobId = randomUUID();
    // BullMQ sets the dedupe key and adds the job in one Lua script: neither exists without the other.
    const job = await options.queue.add(data.event, data, { jobId, deduplication });
    const storedId = job.id ?? jobId;
    if (storedId !== jobId) {
      if (sales && business && !(await sales.markers.messageSeen(data.messageId))) {
        return { status: 'replayed', reason: `${data.event} for ${business} was already accepted under another message id`, jobId: storedId };
      }
      return { status: 'duplicate', jobId: storedId };
    }
    // Only tells a later redelivery from a replay (both answered 2xx): not worth waiting for.
    if (sales && business) void sales.markers.markMessage(data.messageId, options.dedupeTtlMs).catch(() => undefined);
    return { status: 'queued', jobId };
  }

  return {
    async enqueue(input, dedupeId) {
      try {
        return await withTimeout(store(input, dedupeId), timeoutMs);
      } catch (error) {
        // Only Redis being away or slow is worth a 503 (Systeme.io then delivers again); a job
        // that cannot be built or serialised would fail the same way every time.
        if (error instanceof Error && ['ZodError', 'RangeError', 'TypeError'].includes(error.name)) throw error;
        throw new IntakeUnavailableError(error);
      }
    },
    async ready() {
      try {
        return (await withTimeout(options.redis.ping(), timeoutMs)) === 'PONG';
      } catch {
        return false;
      }
    },
    async counts() {
      return withTimeout(options.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'), timeoutMs);
    },
  };
}
