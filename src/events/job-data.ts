import { z } from 'zod';
import { EVENT_TYPES } from './event-types.js';

/** Everything a job holds in Redis: what the receiver stored for one delivery (no headers, no secrets), and the worker's count of 429 bounces. */
export const jobDataSchema = z.object({
  event: z.enum(EVENT_TYPES),
  messageId: z.string().min(1).max(200),
  /** `X-Webhook-Event-Timestamp`, when the event happened (unsigned, informative). */
  eventTimestamp: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  schemaVersion: z.string().nullable(),
  /** `single` for /webhooks/systeme, `event` for the per-event routes with derived secrets. */
  route: z.enum(['single', 'event']).default('single'),
  /** The body as parsed, before validation: a payload that fails its schema is kept for a replay. */
  payload: z.unknown(),
  /** Set by the worker: how often a 429 put the job back without spending an attempt. */
  rateLimitBounces: z.number().int().min(0).optional(),
});

export type JobData = z.output<typeof jobDataSchema>;
export type JobDataInput = z.input<typeof jobDataSchema>;
