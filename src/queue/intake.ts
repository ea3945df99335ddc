import type { RedisClient } from '../stores/redis-connections.js';
import { saleBusinessKey, saleCreatedAt } from '../events/business-key.js';
import type { JobData } from '../events/job-data.js';
import { payloadPassesSchema } from '../events/payload-check.js';
import { compactId, newJobId, optionSafe } from './compact-id.js';
import type { EventQueue } from './event-queue.js';
import { prepareAdd } from './bullmq-add.js';
import { createRedisIntakeWrites, type IntakeCheck } from './intake-writes.js';
import { IntakeUnavailableError, type EnqueueOptions, type EnqueueResult, type Intake } from './intake-port.js';

export { IntakeUnavailableError, type EnqueueOptions, type EnqueueResult, type Intake, type Readiness } from './intake-port.js';

export interface IntakeOptions {
  queue: EventQueue;
  redis: RedisClient;
  /** How long a message id is remembered, ms. */
  dedupeTtlMs: number;
  /**
   * Sale replay protection: a sale is deduped on its order item for `ttlMs`, a SALE_NEW of a
   * cancelled order item is a replay, and a SALE_NEW whose order item was created longer ago than
   * `ttlMs` is a replay, so nothing of a sale needs keeping longer than that (docs/security.md).
   * Without it, on its message id only.
   */
  sales?: { ttlMs: number };
  /** Longest wait for Redis before answering 503, ms. Default 2000. */
  timeoutMs?: number;
  /** The clock the age of a sale is measured by. Default Date.now. */
  now?: () => number;
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
  const now = options.now ?? Date.now;
  const prefix = options.queue.opts.prefix ?? 'bull';
  // The writes keep to `timeoutMs` with one timer per script call, not one per delivery.
  const writes = createRedisIntakeWrites({ redis: options.redis, prefix, cancelledTtlMs: sales?.ttlMs ?? options.dedupeTtlMs, bodyTtlMs: options.dedupeTtlMs, timeoutMs });
  let connected = false;

  // The receiver builds the job from checked parts (readDelivery); the worker validates it again.
  async function store(data: JobData, dedupeId: string, enqueueOptions: EnqueueOptions): Promise<EnqueueResult> {
    // The producer connection fails fast while Redis is away; this waits only for its first connect.
    if (!connected) {
      await withTimeout(options.queue.waitUntilReady(), timeoutMs);
      connected = true;
    }
    const business = sales ? saleBusinessKey(data.event, data.payload) : undefined;
    if (sales && data.event === 'SALE_NEW') {
      // Past this age its order item may be forgotten: only a replay would bring it now.
      const createdAt = saleCreatedAt(data.payload);
      if (createdAt !== undefined && now() - createdAt > sales.ttlMs) {
        const days = ((now() - createdAt) / 86_400_000).toFixed(1);
        return { status: 'replayed', reason: `SALE_NEW for ${business ?? 'an order'} was created ${days} days ago, longer ago than DEDUPE_TTL: an old sale sent again` };
      }
    }
    const check: IntakeCheck = { event: data.event };
    // First of all: a body that arrived as another event must not reach the sale markers either.
    if (enqueueOptions.bodyDigest !== undefined) check.bodyDigest = enqueueOptions.bodyDigest;
    if (business) {
      // Before the add: an authentic cancellation stays remembered even if the add then fails.
      // Only a payload that is a cancellation: one failing the schema is stored for a replay, not believed.
      const cancels = data.event === 'SALE_CANCELED' && payloadPassesSchema('SALE_CANCELED', data.payload);
      check.sale = { businessKey: business, action: data.event === 'SALE_NEW' ? 'check' : cancels ? 'mark' : 'none' };
    }
    // A sale is processed at most once per order item, whatever its (unsigned) message id.
    const deduplication =
      sales && business
        ? { id: compactId(`${data.event}:${business}`), ttl: sales.ttlMs }
        : { id: compactId(dedupeId), ttl: options.dedupeTtlMs };
    // A sale's job id starts with a digest of its message id: when the add finds the order item
    // taken, the id it was taken under tells a redelivery (this message) from a replay (another
    // message id), with nothing else kept in Redis.
    const messagePart = business ? `${optionSafe(compactId(`${data.event}:${dedupeId}`).slice(0, 16))}.` : undefined;
    const jobId = messagePart ? `${messagePart}${newJobId().slice(0, 8)}` : newJobId();
    // The checks, the dedupe key and the job in one script call: one round trip, and neither the
    // dedupe key nor the job exists without the other (BullMQ's own add, src/queue/bullmq-add.ts).
    const written = await writes.run(check, prepareAdd(options.queue, data.event, data, { jobId, deduplication }));
    if (!written.ok) return { status: 'replayed', reason: written.reason };
    const storedId = written.storedId;
    if (storedId !== jobId) {
      // optionSafe: an id stored before ids were made option-safe may begin with '-'.
      if (messagePart && !optionSafe(storedId).startsWith(messagePart)) {
        return { status: 'replayed', reason: `${data.event} for ${business} was already accepted under another message id`, jobId: storedId };
      }
      return { status: 'duplicate', jobId: storedId };
    }
    return { status: 'queued', jobId };
  }

  return {
    async enqueue(input, dedupeId, enqueueOptions = {}) {
      try {
        return await store(input, dedupeId, enqueueOptions);
      } catch (error) {
        // Only Redis being away or slow is worth a 503 (Systeme.io then delivers again); a job
        // that cannot be built or serialised would fail the same way every time.
        if (error instanceof Error && ['ZodError', 'RangeError', 'TypeError'].includes(error.name)) throw error;
        throw new IntakeUnavailableError(error);
      }
    },
    async ready() {
      // A PING answers while every write fails (maxmemory with noeviction, a read-only replica):
      // only a write says whether a delivery could be stored.
      try {
        await withTimeout(options.redis.set(`${options.queue.opts.prefix ?? 'bull'}:ready-probe`, String(Date.now()), 'PX', 60_000), timeoutMs);
        return 'ready';
      } catch (error) {
        return error instanceof Error && error.name === 'ReplyError' ? 'refusing-writes' : 'down';
      }
    },
    async counts() {
      return withTimeout(options.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'), timeoutMs);
    },
  };
}
