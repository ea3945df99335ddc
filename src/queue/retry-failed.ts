import type { Job } from 'bullmq';

export type RetryResult = { retried: true } | { retried: false; state: string };

/**
 * Puts a job that failed for good back in the queue with a fresh set of attempts (BullMQ's
 * `job.retry('failed')`). The worker skips the actions its ledger records as done for the
 * message, so a retried job does not repeat them. Used by `failed retry` and the history page.
 */
export async function retryFailedJob(job: Job): Promise<RetryResult> {
  const state = await job.getState();
  if (state !== 'failed') return { retried: false, state };
  await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return { retried: true };
}
