import { Worker, type ConnectionOptions } from 'bullmq';
import type { JobData } from '../events/job-data.js';
import type { HandleReport } from '../handlers/handle-event.js';
import { EVENT_QUEUE } from '../queue/event-queue.js';
import type { createProcessor } from './processor.js';
import { retryBackoffMs } from './retry-backoff.js';

export interface EventWorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  processor: ReturnType<typeof createProcessor>;
  /** Jobs processed at once by this process. Default 10. */
  concurrency?: number;
  /** First retry delay, ms (doubles, capped at 1 h, jittered). Default 10 s. */
  backoffMs?: number;
  /** Start taking jobs at once. Default true. */
  autorun?: boolean;
}

export type EventWorker = Worker<JobData, HandleReport, string>;

/** The BullMQ worker of the event queue: retries use the capped, jittered `retry-backoff`. */
export function createEventWorker(options: EventWorkerOptions): EventWorker {
  return new Worker<JobData, HandleReport, string>(EVENT_QUEUE, options.processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 10,
    autorun: options.autorun ?? true,
    // A job whose worker died is taken over after the lock expires; twice more at most, then failed.
    maxStalledCount: 3,
    settings: {
      backoffStrategy: (attemptsMade: number) => retryBackoffMs(attemptsMade, { baseMs: options.backoffMs ?? 10_000 }),
    },
  });
}
