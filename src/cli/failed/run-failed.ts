import type { RedisClient } from '../../stores/redis-connections.js';
import { closeQueueAndConnection, createEventQueue, type EventQueue } from '../../queue/event-queue.js';
import { createRedisLedger } from '../../stores/redis-stores.js';
import { retryFailedJob } from '../../queue/retry-failed.js';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { cliLogger } from '../support/cli-logger.js';
import { formatFailedJob, formatFailedList } from './format-failed.js';
import { failedJobView } from './job-view.js';
import { connectRedis } from './redis-connect.js';
import { selectFailed } from './select-failed.js';

/** Opens Redis and the queue (QUEUE_PREFIX), runs `fn`, and always closes both. */
async function withQueue(io: CommandIo, fn: (queue: EventQueue, redis: RedisClient, prefix: string) => Promise<void>): Promise<void> {
  const config = configFor(io);
  const redis = await connectRedis(config.redis.endpoint);
  const queue = createEventQueue({ connection: redis, prefix: config.redis.prefix });
  const logger = cliLogger(config, io, 'failed');
  queue.on('error', (err) => logger.warn({ err: { message: err.message } }, 'event queue error'));
  try {
    await fn(queue, redis, config.redis.prefix);
  } finally {
    await closeQueueAndConnection(queue, redis);
  }
}

export function runFailedList(io: CommandIo, options: { event?: string; since?: number; limit: number; json?: boolean }): Promise<void> {
  return withQueue(io, async (queue) => {
    const jobs = await selectFailed(queue, {
      ...(options.event ? { event: options.event } : {}),
      ...(options.since ? { since: Date.now() - options.since } : {}),
      limit: options.limit,
    });
    const views = jobs.map(failedJobView);
    if (options.json) printJson(io, views);
    else print(io, formatFailedList(views));
  });
}

export function runFailedShow(io: CommandIo, id: string, options: { json?: boolean }): Promise<void> {
  return withQueue(io, async (queue, redis, prefix) => {
    const job = await queue.getJob(id);
    if (!job) throw new CliError(`No job ${id} in the queue (it may have been retried and completed, or purged): see systeme-hooks failed list.`);
    const view = failedJobView(job);
    const details = {
      ...view,
      state: await job.getState(),
      // The worker's ledger: the actions of this message that already completed (`<rule>#<index>`).
      done: view.messageId ? await createRedisLedger({ redis, prefix, ttlMs: 1 }).list(view.messageId) : {},
      payload: (job.data as { payload?: unknown } | undefined)?.payload ?? null,
    };
    if (options.json) printJson(io, details);
    else print(io, formatFailedJob(details));
  });
}

/** Each job through `retryFailedJob` (a fresh set of attempts; done actions are not repeated). */
export function runFailedRetry(io: CommandIo, id: string | undefined, options: { event?: string }): Promise<void> {
  return withQueue(io, async (queue) => {
    const jobs = id !== undefined ? [await queue.getJob(id)] : await selectFailed(queue, options.event ? { event: options.event } : {});
    if (jobs[0] === undefined && id !== undefined) throw new CliError(`No job ${id} in the queue: see systeme-hooks failed list.`);
    let count = 0;
    for (const job of jobs) {
      if (!job) continue;
      const result = await retryFailedJob(job);
      if (!result.retried) throw new CliError(`Job ${job.id} is ${result.state}, not failed: nothing to retry.`);
      print(io, `retried  ${job.id}  ${failedJobView(job).event}`);
      count += 1;
    }
    print(io, `${count} job(s) back in the queue.`);
  });
}

/** Removes failed jobs that failed more than `olderThanMs` ago (BullMQ `clean`, by failure time). */
export function runFailedPurge(io: CommandIo, olderThanMs: number): Promise<void> {
  return withQueue(io, async (queue) => {
    const removed = await queue.clean(olderThanMs, 0, 'failed');
    print(io, `Removed ${removed.length} failed job(s).`);
  });
}
