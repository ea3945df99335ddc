import { DelayedError, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { jobDataSchema, type JobData } from '../events/job-data.js';
import { eventFromJob, type SystemeEvent } from '../events/systeme-event.js';
import { InvalidEventError } from '../handlers/errors.js';
import type { HandleReport } from '../handlers/handle-event.js';
import type { ContactLock } from './redis-contact-lock.js';
import { ContactBusyError, decideFailure } from './failure-policy.js';
import type { WorkerMetrics } from './worker-metrics.js';

export interface ProcessorDeps {
  logger: Logger;
  handle: (event: SystemeEvent, context: { signal: AbortSignal; stopping: AbortSignal; log: Logger }) => Promise<HandleReport>;
  /**
   * Aborted (with a WorkerStoppingError) when the worker shuts down: every wait inside a reaction
   * ends then, and the job is put back in the queue. Requests in flight are left to finish.
   */
  stopping?: AbortSignal;
  lock: ContactLock;
  metrics: WorkerMetrics;
  /** Puts the whole queue on hold after a 429 (BullMQ `queue.rateLimit`). */
  pauseQueue: (ms: number) => Promise<void>;
  /** Rate-limit bounces allowed per job before one counts as a failed attempt. Default 50. */
  maxRateLimitBounces?: number;
  /** Delay before a job whose contact is busy tries again, ms. Default 250. */
  busyDelayMs?: number;
}

/**
 * The BullMQ processor: a short adapter that validates the job again, takes the contact's lock,
 * runs the handler and turns its errors into BullMQ's control signals (docs/operations-shutdown.md
 * for what shutdown does to a job).
 */
export function createProcessor(deps: ProcessorDeps) {
  const maxBounces = deps.maxRateLimitBounces ?? 50;
  const stopping = deps.stopping ?? new AbortController().signal;
  return async function process(job: Job<JobData>, token?: string, signal?: AbortSignal): Promise<HandleReport> {
    const log = deps.logger.child({ jobId: job.id, messageId: job.data?.messageId, event: job.data?.event });
    const parsed = jobDataSchema.safeParse(job.data);
    const built = parsed.success ? eventFromJob(parsed.data) : { ok: false as const, error: 'job data is not a stored delivery' };
    if (!built.ok) {
      deps.metrics.jobs.inc({ event: parsed.success ? parsed.data.event : 'unknown', outcome: 'failed' });
      const error = new InvalidEventError(built.error);
      log.error({ err: error }, 'event does not match its schema');
      throw new UnrecoverableError(error.message);
    }
    const event = built.event;
    const controller = new AbortController();
    // A job cancelled while the worker stops (its requests outlived the drain) is a shutdown too.
    signal?.addEventListener('abort', () => controller.abort(stopping.aborted ? stopping.reason : signal.reason), { once: true });
    try {
      const result = await deps.lock.withLock(event.data.contact.id, () => deps.handle(event, { signal: controller.signal, stopping, log }));
      if (!result.ran) throw new ContactBusyError(event.data.contact.id, deps.busyDelayMs ?? 250);
      deps.metrics.jobs.inc({ event: event.type, outcome: 'completed' });
      const started = Date.parse(event.occurredAt ?? event.receivedAt);
      if (Number.isFinite(started)) deps.metrics.eventToDone.observe({ event: event.type }, Math.max(0, Date.now() - started) / 1000);
      log.info({ matched: result.value.matched, actions: result.value.actions }, 'event handled');
      return result.value;
    } catch (error) {
      const decision = decideFailure(error);
      if (decision.kind === 'stopping' && token) {
        // Back to the front of the queue, lock released, no attempt spent: the next worker redoes
        // it, skipping the actions the ledger says were done.
        deps.metrics.jobs.inc({ event: event.type, outcome: 'stopped' });
        await job.moveToWait(token);
        log.info('worker stopping: job put back in the queue');
        throw new WaitingError();
      }
      if (decision.kind === 'busy' && token) {
        deps.metrics.jobs.inc({ event: event.type, outcome: 'busy' });
        await job.moveToDelayed(Date.now() + decision.delayMs + Math.floor(Math.random() * decision.delayMs), token);
        throw new DelayedError();
      }
      if (decision.kind === 'rate_limited') {
        const bounces = Number((job.data as { rateLimitBounces?: number }).rateLimitBounces ?? 0);
        deps.metrics.rateLimitPauses.inc();
        await deps.pauseQueue(decision.delayMs);
        if (bounces < maxBounces) {
          deps.metrics.jobs.inc({ event: event.type, outcome: 'rate_limited' });
          log.warn({ delayMs: decision.delayMs }, 'Systeme.io rate limit: queue paused, job put back');
          await job.updateData({ ...job.data, rateLimitBounces: bounces + 1 } as JobData);
          throw Worker.RateLimitError();
        }
      }
      if (decision.kind === 'permanent') {
        deps.metrics.jobs.inc({ event: event.type, outcome: 'failed' });
        log.error({ err: error }, 'event failed for good');
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      }
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      deps.metrics.jobs.inc({ event: event.type, outcome: last ? 'failed' : 'retry' });
      if (last) log.error({ err: error, attempt: job.attemptsMade + 1 }, 'event failed on its last attempt');
      else log.warn({ err: error, attempt: job.attemptsMade + 1 }, 'event failed; will retry');
      throw error;
    }
  };
}
