import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { JobDataInput } from '../events/job-data.js';
import { jobDataSchema } from '../events/job-data.js';
import type { EventQueue } from './event-queue.js';

/** Redis could not take the job in time: answer 503 so Systeme.io delivers again. */
export class IntakeUnavailableError extends Error {
  readonly code = 'INTAKE_UNAVAILABLE';
  readonly statusCode = 503;
  constructor(cause: unknown) {
    super('Redis did not accept the job; the delivery was not stored', { cause });
    this.name = 'IntakeUnavailableError';
  }
}

export type EnqueueResult = { status: 'queued'; jobId: string } | { status: 'duplicate'; jobId: string };

export interface Intake {
  /** Stores the job unless `dedupeId` was seen within the TTL; both happen in one Redis script. */
  enqueue(data: JobDataInput, dedupeId: string): Promise<EnqueueResult>;
  /** Redis answers a PING. */
  ready(): Promise<boolean>;
  /** Jobs by state, for the queue depth metric. */
  counts(): Promise<Record<string, number>>;
}

export interface IntakeOptions {
  queue: EventQueue;
  redis: Redis;
  /** How long a message id is remembered, ms. */
  dedupeTtlMs: number;
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
  return {
    async enqueue(input, dedupeId) {
      const data = jobDataSchema.parse(input);
      const jobId = randomUUID();
      let job;
      try {
        // BullMQ sets the dedupe key and adds the job in one Lua script: neither exists without the other.
        job = await withTimeout(
          options.queue.add(data.event, data, { jobId, deduplication: { id: dedupeId, ttl: options.dedupeTtlMs } }),
          timeoutMs,
        );
      } catch (error) {
        throw new IntakeUnavailableError(error);
      }
      const storedId = job.id ?? jobId;
      return storedId === jobId ? { status: 'queued', jobId } : { status: 'duplicate', jobId: storedId };
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
