import type { EventType } from '../events/event-types.js';
import type { JobData } from '../events/job-data.js';
import { aboutOf, contactOf } from './contact-of.js';
import type { DeliveryStep } from './history-entry.js';

/** What the receiver keeps of an accepted delivery until its answer is sent. */
export interface PendingDelivery {
  event: EventType;
  messageId: string;
  payload: unknown;
}

/**
 * Only the answers that queue nothing: a queued delivery (valid or not) is recorded by the worker
 * from its job (`arrivalStep`), so the receiver's hot path writes nothing for it.
 */
const ANSWERS = new Set<DeliveryStep['answer']>(['duplicate', 'replayed']);

/**
 * The history step of a delivery the receiver answered without queueing it (a duplicate, a sale
 * replay), or undefined: any other answer, or no contact id in the payload.
 */
export function deliveryStep(
  pending: PendingDelivery,
  outcome: { outcome: string; jobId?: string; reason?: string },
  status: number,
  now = Date.now(),
): DeliveryStep | undefined {
  const answer = outcome.outcome as DeliveryStep['answer'];
  if (!ANSWERS.has(answer)) return undefined;
  const contact = contactOf(pending.event, pending.payload);
  if (!contact) return undefined;
  const about = aboutOf(pending.event, pending.payload);
  return {
    t: now,
    kind: 'delivery',
    messageId: pending.messageId,
    event: pending.event,
    ...(outcome.jobId ? { jobId: outcome.jobId } : {}),
    answer,
    status,
    ...(outcome.reason ? { reason: outcome.reason.slice(0, 500) } : {}),
    contact,
    ...(about ? { about } : {}),
  };
}

/**
 * The `delivery` step of a queued job, written by the worker with its first attempt: the
 * receiver answered 202 when it stored the job, at `receivedAt`.
 */
export function arrivalStep(job: JobData, jobId: string, invalid?: string): DeliveryStep | undefined {
  const contact = contactOf(job.event, job.payload);
  if (!contact) return undefined;
  const about = aboutOf(job.event, job.payload);
  const received = Date.parse(job.receivedAt);
  return {
    t: Number.isFinite(received) ? received : Date.now(),
    kind: 'delivery',
    messageId: job.messageId,
    event: job.event,
    jobId,
    answer: invalid === undefined ? 'queued' : 'invalid_payload',
    status: 202,
    ...(invalid === undefined ? {} : { reason: invalid.slice(0, 500) }),
    contact,
    ...(about ? { about } : {}),
  };
}
