import type { DeliveryStep, HistoryStep } from './history-entry.js';

/** Everything recorded about one delivery (one message id): the receiver's answers and the worker's attempts. */
export interface DeliveryGroup {
  messageId: string;
  event: HistoryStep['event'];
  /** Its first step, ms since the epoch. */
  at: number;
  /** Its last step. */
  lastAt: number;
  /** The job ids it was stored under, first seen first. */
  jobIds: string[];
  /** Where it stands: the last attempt's outcome, else the receiver's last answer. */
  status: string;
  /** Oldest first. */
  steps: HistoryStep[];
}

export interface ContactTimeline {
  contactId: number;
  email: string | undefined;
  name: string | undefined;
  /** Newest first. */
  deliveries: DeliveryGroup[];
}

export interface TimelineFilter {
  /** Only deliveries with a step at or after this time (ms since the epoch); they are shown whole. */
  since?: number | undefined;
  event?: string | undefined;
}

/** Groups a contact's steps (oldest first) into deliveries, newest first. */
export function buildTimeline(contactId: number, steps: readonly HistoryStep[], filter: TimelineFilter = {}): ContactTimeline {
  const groups = new Map<string, DeliveryGroup>();
  let latest: DeliveryStep | undefined;
  for (const step of steps) {
    if (step.kind === 'delivery') latest = step;
    let group = groups.get(step.messageId);
    if (!group) {
      group = { messageId: step.messageId, event: step.event, at: step.t, lastAt: step.t, jobIds: [], status: 'recorded', steps: [] };
      groups.set(step.messageId, group);
    }
    // The worker records a job's arrival with its first attempt; a job put back or retried by
    // hand records it again: keep the first.
    const repeated = step.kind === 'delivery' && step.answer !== 'duplicate' && step.answer !== 'replayed' &&
      group.steps.some((s) => s.kind === 'delivery' && s.answer === step.answer && s.jobId === step.jobId);
    if (repeated) continue;
    group.steps.push(step);
    group.lastAt = Math.max(group.lastAt, step.t);
    if (step.jobId && !group.jobIds.includes(step.jobId)) group.jobIds.push(step.jobId);
    if (step.kind === 'attempt') group.status = step.outcome;
    else if (step.kind === 'delivery' && !group.steps.some((s) => s.kind === 'attempt')) group.status = step.answer;
  }
  const deliveries = [...groups.values()]
    .filter((group) => filter.since === undefined || group.lastAt >= filter.since)
    .filter((group) => filter.event === undefined || group.event === filter.event)
    .sort((a, b) => b.at - a.at);
  return { contactId, email: latest?.contact.email, name: latest?.contact.name, deliveries };
}
