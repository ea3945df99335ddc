import type { EventType } from './event-types.js';
import type { JobData } from './job-data.js';
import { normalisePayload, type EventData } from './normalise.js';

/** One delivered event as handlers see it: metadata plus the normalised payload. */
export interface SystemeEvent {
  type: EventType;
  messageId: string;
  /** When the event happened, per Systeme.io's (unsigned) header; null when absent. */
  occurredAt: string | null;
  receivedAt: string;
  route: 'single' | 'event';
  data: EventData;
}

export type EventFromJobResult = { ok: true; event: SystemeEvent } | { ok: false; error: string };

export function eventFromJob(job: JobData): EventFromJobResult {
  const normalised = normalisePayload(job.event, job.payload);
  if (!normalised.ok) return normalised;
  return {
    ok: true,
    event: {
      type: job.event,
      messageId: job.messageId,
      occurredAt: job.eventTimestamp,
      receivedAt: job.receivedAt,
      route: job.route,
      data: normalised.data,
    },
  };
}
