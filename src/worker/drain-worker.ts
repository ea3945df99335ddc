import type { Logger } from 'pino';
import type { EventWorker } from './event-worker.js';
import { WorkerStoppingError } from './failure-policy.js';
import { setupSettled } from '../queue/setup-settled.js';

export interface DrainOptions {
  /** Aborted first: every wait inside a reaction ends and its job goes back to the queue. */
  stopping: AbortController;
  logger: Logger;
  /** After this long, requests still in flight are aborted too and their jobs put back. Default: never. */
  cancelAfterMs?: number | undefined;
}

/**
 * Stops a worker in the order shutdown needs: end the waits, stop taking jobs, let requests in
 * flight finish (or, past `cancelAfterMs`, abort them), and resolve once no job is active.
 */
export async function drainWorker(worker: EventWorker, options: DrainOptions): Promise<void> {
  options.stopping.abort(new WorkerStoppingError());
  // A worker stopped just after it was built: its connections finish their setup first.
  await setupSettled(worker);
  const closing = worker.close();
  const { cancelAfterMs } = options;
  const cancel =
    cancelAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          options.logger.warn({ cancelAfterMs }, 'jobs still running: aborting their requests and putting them back');
          // The processor turns this cancellation into a WorkerStoppingError, since stopping is aborted.
          worker.cancelAllJobs('worker stopping');
        }, cancelAfterMs);
  try {
    await closing;
  } finally {
    clearTimeout(cancel);
  }
}
