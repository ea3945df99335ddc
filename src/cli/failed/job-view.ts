import type { Job } from 'bullmq';

/** What an operator needs to know about one failed job; read loosely, since its data may be what failed. */
export interface FailedJobView {
  id: string;
  event: string;
  messageId: string | undefined;
  receivedAt: string | undefined;
  failedAt: string | undefined;
  attemptsMade: number;
  attempts: number;
  reason: string;
  /** The first lines of the last attempt's stack trace. */
  stackHead: string[];
}

const STACK_LINES = 6;

export function failedJobView(job: Job): FailedJobView {
  const data = (job.data ?? {}) as { event?: unknown; messageId?: unknown; receivedAt?: unknown };
  const stack = job.stacktrace?.at(-1) ?? '';
  return {
    id: String(job.id),
    event: typeof data.event === 'string' ? data.event : job.name,
    messageId: typeof data.messageId === 'string' ? data.messageId : undefined,
    receivedAt: typeof data.receivedAt === 'string' ? data.receivedAt : undefined,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : undefined,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    reason: job.failedReason ?? '',
    stackHead: stack.split('\n').slice(0, STACK_LINES).filter((line) => line !== ''),
  };
}
