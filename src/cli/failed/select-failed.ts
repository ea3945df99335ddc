import type { Job } from 'bullmq';
import type { EventQueue } from '../../queue/event-queue.js';

export interface FailedFilter {
  event?: string;
  /** Only jobs that failed at or after this time (ms since epoch). */
  since?: number;
  /** Most jobs returned. Default: all. */
  limit?: number;
}

const PAGE = 200;

/** Failed jobs, newest first, page by page (BullMQ keeps them sorted by when they failed). */
export async function selectFailed(queue: EventQueue, filter: FailedFilter = {}): Promise<Job[]> {
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  const selected: Job[] = [];
  for (let start = 0; selected.length < limit; start += PAGE) {
    const page = await queue.getFailed(start, start + PAGE - 1);
    for (const job of page) {
      if (filter.since !== undefined && (job.finishedOn ?? 0) < filter.since) return selected;
      const event = (job.data as { event?: unknown } | undefined)?.event ?? job.name;
      if (filter.event !== undefined && event !== filter.event) continue;
      selected.push(job);
      if (selected.length >= limit) break;
    }
    if (page.length < PAGE) break;
  }
  return selected;
}
