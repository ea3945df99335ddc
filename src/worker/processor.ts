import { DelayedError, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { jobDataSchema, type JobData } from '../events/job-data.js';
import { eventFromJob, type SystemeEvent } from '../events/systeme-event.js';
import { InvalidEventError } from '../handlers/errors.js';
import type { HandleReport, HandleTrace } from '../handlers/handle-event.js';
import { contactOf } from '../history/contact-of.js';
import { arrivalStep } from '../history/delivery-step.js';
import type { HistoryContact, HistoryStep } from '../history/history-entry.js';
import type { HistoryWriter } from '../history/history-store.js';
import { createJobRecorder, type AttemptEnd, type JobRecorder } from '../history/job-recorder.js';
import type { JobTracer } from '../history/job-tracer.js';
import type { ContactLock } from '../stores/redis-contact-lock.js';
import { ContactBusyError, decideFailure } from './failure-policy.js';
import type { Throttle } from './throttle.js';
import type { WorkerMetrics } from './worker-metrics.js';

export interface ProcessorDeps {
  logger: Logger;
  handle: (event: SystemeEvent, context: { signal: AbortSignal; stopping: AbortSignal; log: Logger; trace?: HandleTrace }) => Promise<HandleReport>;
  /**
   * Aborted (with a WorkerStoppingError) when the worker shuts down: every wait inside a reaction
   * ends then, and the job is put back in the queue. Requests in flight are left to finish.
   */
  stopping?: AbortSignal;
  /** Each attempt's rules, actions, API calls and outcome go to the contact's history. Default: none. */
  history?: { writer: HistoryWriter; tracer: JobTracer } | undefined;
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
 * runs the handler and turns its errors into BullMQ's control signals (docs/operations-shutdown.md
 * for what shutdown does to a job).
 */
export function createProcessor(deps: ProcessorDeps) {
  const maxBounces = deps.maxRateLimitBounces ?? 50;
  const stopping = deps.stopping ?? new AbortController().signal;
  const history = deps.history;

  /** Written before the job's state changes, so what a reader sees of a settled job is complete. */
  async function record(contact: HistoryContact | undefined, recorder: JobRecorder | undefined, end: AttemptEnd, log: Logger, lead: HistoryStep[]) {
    if (!history || !recorder || !contact) return;
    const steps: HistoryStep[] = [...lead, ...recorder.finish(end)];
    await history.writer.append(contact, steps).catch((err: unknown) => log.warn({ err }, 'history not written'));
  }

  return async function process(job: Job<JobData>, token?: string, signal?: AbortSignal): Promise<HandleReport> {
    const log = deps.logger.child({ jobId: job.id, messageId: job.data?.messageId, event: job.data?.event });
    const parsed = jobDataSchema.safeParse(job.data);
    const built = parsed.success ? eventFromJob(parsed.data) : { ok: false as const, error: 'job data is not a stored delivery' };
    const attempt = { jobId: String(job.id), attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 };
    // The receiver's answer to a queued delivery is recorded here, off its hot path. A job put back
    // (rate limit) or retried by hand starts at 0 again: the timeline shows the first one only.
    const arrival = (invalid?: string) => {
      const step = history && parsed.success && job.attemptsMade === 0 ? arrivalStep(parsed.data, attempt.jobId, invalid) : undefined;
      return step ? [step] : [];
    };
    if (!parsed.success || !built.ok) {
      deps.metrics.jobs.inc({ event: parsed.success ? parsed.data.event : 'unknown', outcome: 'failed' });
      const error = new InvalidEventError(built.ok ? 'job data is not a stored delivery' : built.error);
      log.error({ err: error }, 'event does not match its schema');
      if (parsed.success) {
        const recorder = history && createJobRecorder({ ...attempt, messageId: parsed.data.messageId, event: parsed.data.event });
        await record(contactOf(parsed.data.event, parsed.data.payload), recorder, { outcome: 'failed', error: error.message }, log, arrival(built.ok ? undefined : built.error));
      }
      throw new UnrecoverableError(error.message);
    }
    const event = built.event;
    const stored = parsed.data;
    const contact: HistoryContact = { id: event.data.contact.id, email: event.data.contact.email };
    const recorder = history && createJobRecorder({ ...attempt, messageId: event.messageId, event: event.type });
    const controller = new AbortController();
    // A job cancelled while the worker stops (its requests outlived the drain) is a shutdown too.
    signal?.addEventListener('abort', () => controller.abort(stopping.aborted ? stopping.reason : signal.reason), { once: true });
    const handle = () => deps.handle(event, { signal: controller.signal, stopping, log, ...(recorder ? { trace: recorder } : {}) });
    try {
      const result = await deps.lock.withLock(event.data.contact.id, () => (recorder && history ? history.tracer.run(recorder, handle) : handle()));
      if (!result.ran) throw new ContactBusyError(event.data.contact.id, deps.busyDelayMs ?? 250);
      deps.metrics.jobs.inc({ event: event.type, outcome: 'completed' });
      const started = Date.parse(event.occurredAt ?? event.receivedAt);
      if (Number.isFinite(started)) deps.metrics.eventToDone.observe({ event: event.type }, Math.max(0, Date.now() - started) / 1000);
      log.info({ matched: result.value.matched, actions: result.value.actions }, 'event handled');
      const skipped = result.value.skipped;
      await record(contact, recorder, skipped ? { outcome: 'skipped', reason: skipped } : { outcome: 'completed' }, log, arrival());
      return result.value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
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
        // The lock was not taken: nothing ran, nothing to record.
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
          await record(contact, recorder, { outcome: 'rate_limited', error: message }, log, arrival());
          await job.updateData({ ...stored, rateLimitBounces: bounces + 1 } satisfies JobData);
          throw Worker.RateLimitError();
        }
      }
      if (decision.kind === 'permanent') {
        deps.metrics.jobs.inc({ event: event.type, outcome: 'failed' });
        log.error({ err: error }, 'event failed for good');
        await record(contact, recorder, { outcome: 'failed', error: message }, log, arrival());
        throw new UnrecoverableError(message);
      }
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      deps.metrics.jobs.inc({ event: event.type, outcome: last ? 'failed' : 'retry' });
      if (last) log.error({ err: error, attempt: job.attemptsMade + 1 }, 'event failed on its last attempt');
      else log.warn({ err: error, attempt: job.attemptsMade + 1 }, 'event failed; will retry');
      await record(contact, recorder, { outcome: last ? 'failed' : 'retry', error: message }, log, arrival());
      throw error;
    }
  };
}
