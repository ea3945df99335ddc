import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { jobDataSchema, type JobData } from '../events/job-data.js';
import { eventFromJob, type SystemeEvent } from '../events/systeme-event.js';
import { InvalidEventError } from '../handlers/errors.js';
import type { HandleReport } from '../handlers/handle-event.js';
import type { ContactLock } from '../stores/redis-contact-lock.js';
import { ContactBusyError, decideFailure } from './failure-policy.js';
import type { Throttle } from './throttle.js';
import type { WorkerMetrics } from './worker-metrics.js';

export interface ProcessorDeps {
  logger: Logger;
  handle: (event: SystemeEvent, context: { signal: AbortSignal; log: Logger }) => Promise<HandleReport>;
  lock: ContactLock;
  metrics: WorkerMetrics;
  /** Holds every worker and the queue back after a 429. */
  throttle: Pick<Throttle, 'pauseFor'>;
  /** Rate-limit bounces allowed per job before one counts as a failed attempt. Default 50. */
  maxRateLimitBounces?: number;
  /** Delay before a job whose contact is busy tries again, ms. Default 250. */
  busyDelayMs?: number;
}

/**
 * The BullMQ processor: a short adapter that validates the job again, takes the contact's lock,
 * runs the handler and turns its errors into BullMQ's control signals (STYLE.md §9).
 */
export function createProcessor(deps: ProcessorDeps) {
  const maxBounces = deps.maxRateLimitBounces ?? 50;
  return async function process(job: Job<JobData>, token?: string, signal?: AbortSignal): Promise<HandleReport> {
    const log = deps.logger.child({ jobId: job.id, messageId: job.data?.messageId, event: job.data?.event });
    const parsed = jobDataSchema.safeParse(job.data);
    const built = parsed.success ? eventFromJob(parsed.data) : { ok: false as const, error: 'job data is not a stored delivery' };
    if (!parsed.success || !built.ok) {
      deps.metrics.jobs.inc({ event: parsed.success ? parsed.data.event : 'unknown', outcome: 'failed' });
      const error = new InvalidEventError(built.ok ? 'job data is not a stored delivery' : built.error);
      log.error({ err: error }, 'event does not match its schema');
      throw new UnrecoverableError(error.message);
    }
    const event = built.event;
    const stored = parsed.data;
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    try {
      const result = await deps.lock.withLock(event.data.contact.id, () => deps.handle(event, { signal: controller.signal, log }));
      if (!result.ran) throw new ContactBusyError(event.data.contact.id, deps.busyDelayMs ?? 250);
      deps.metrics.jobs.inc({ event: event.type, outcome: 'completed' });
      const started = Date.parse(event.occurredAt ?? event.receivedAt);
      if (Number.isFinite(started)) deps.metrics.eventToDone.observe({ event: event.type }, Math.max(0, Date.now() - started) / 1000);
      log.info({ matched: result.value.matched, actions: result.value.actions }, 'event handled');
      return result.value;
    } catch (error) {
      const decision = decideFailure(error);
      if (decision.kind === 'busy' && token) {
        deps.metrics.jobs.inc({ event: event.type, outcome: 'busy' });
        await job.moveToDelayed(Date.now() + decision.delayMs + Math.floor(Math.random() * decision.delayMs), token);
        throw new DelayedError();
      }
      if (decision.kind === 'rate_limited') {
        const bounces = stored.rateLimitBounces ?? 0;
        deps.metrics.rateLimitPauses.inc();
        await deps.throttle.pauseFor(decision.delayMs);
        if (bounces < maxBounces) {
          deps.metrics.jobs.inc({ event: event.type, outcome: 'rate_limited' });
          log.warn({ delayMs: decision.delayMs }, 'Systeme.io rate limit: queue paused, job put back');
          await job.updateData({ ...stored, rateLimitBounces: bounces + 1 } satisfies JobData);
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
