import type { EventType } from '../events/event-types.js';
import { aboutOf, contactOf } from './contact-of.js';
import type { DeliveryStep } from './history-entry.js';

/** What the receiver keeps of an accepted delivery until its answer is sent. */
export interface PendingDelivery {
  event: EventType;
  messageId: string;
  payload: unknown;
}

const ANSWERS = new Set<DeliveryStep['answer']>(['queued', 'duplicate', 'replayed', 'invalid_payload']);

/**
 * The history step of a delivery the receiver answered, or undefined when there is nothing to
 * record: an answer other than these four (Redis away: nothing was stored), or no contact id.
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
