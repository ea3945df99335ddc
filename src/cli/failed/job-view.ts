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
  /** The last attempt's stack trace: its message (one entry, whatever its line breaks), then the first frames. */
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
    stackHead: stackHead(stack),
  };
}

/** A message with line breaks in it is one entry: the lines it holds must not pass for frames. */
function stackHead(stack: string): string[] {
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  const message = (firstFrame === -1 ? lines : lines.slice(0, firstFrame)).join('\n');
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame);
  return [message, ...frames].filter((line) => line !== '').slice(0, STACK_LINES);
}
