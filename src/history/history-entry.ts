import { z } from 'zod';
import { EVENT_TYPES } from '../events/event-types.js';

/**
 * One step of a contact's history, as stored (one JSON string per step). Every step names its
 * delivery (`messageId`) so a timeline can group them. Nothing here comes from headers other
 * than the message id: no signature, no API key (docs/history.md lists what is kept).
 */
const base = {
  /** When it happened, ms since the epoch (first key: the Redis script reads it to apply the retention). */
  t: z.number().int().nonnegative(),
  messageId: z.string(),
  event: z.enum(EVENT_TYPES),
  jobId: z.string().optional(),
};

/** The receiver's answer to a delivery. */
export const deliveryStepSchema = z.object({
  ...base,
  kind: z.literal('delivery'),
  answer: z.enum(['queued', 'duplicate', 'replayed', 'invalid_payload']),
  status: z.number().int(),
  reason: z.string().optional(),
  /** Who the payload says it is about: shown as text, never trusted. */
  contact: z.object({ id: z.number(), email: z.string().optional(), name: z.string().optional() }),
  /** A short description of the event: price plan, order item, tag. */
  about: z.string().optional(),
});

/** One rule that listens to the event: matched, or the conditions that failed (with what was seen). */
export const ruleStepSchema = z.object({
  ...base,
  kind: z.literal('rule'),
  rule: z.string(),
  matched: z.boolean(),
  failed: z.array(z.string()).optional(),
});

export const ACTION_OUTCOMES = ['done', 'already', 'dry_run', 'skipped', 'done_before', 'failed'] as const;

export const actionStepSchema = z.object({
  ...base,
  kind: z.literal('action'),
  rule: z.string(),
  index: z.number().int(),
  type: z.string(),
  /** `add_tag "Customers"`, `enroll course 680647 (full_access)`. */
  does: z.string(),
  outcome: z.enum(ACTION_OUTCOMES),
  error: z.string().optional(),
  /** For a failed action: whether the job will try it again. */
  willRetry: z.boolean().optional(),
});

/** One HTTP attempt to the Systeme.io API: ids in the path replaced by `{id}`, never a header. */
export const apiStepSchema = z.object({
  ...base,
  kind: z.literal('api'),
  operation: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.union([z.number().int(), z.string()]),
});

export const ATTEMPT_OUTCOMES = ['completed', 'skipped', 'retry', 'rate_limited', 'failed'] as const;

/** The end of one attempt of the job; `failed` is a failure for good, which can be retried by hand. */
export const attemptStepSchema = z.object({
  ...base,
  kind: z.literal('attempt'),
  attempt: z.number().int(),
  attempts: z.number().int(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  error: z.string().optional(),
  /** Why a skipped event ran nothing (a sale whose order item was cancelled). */
  reason: z.string().optional(),
});

export const historyStepSchema = z.discriminatedUnion('kind', [
  deliveryStepSchema,
  ruleStepSchema,
  actionStepSchema,
  apiStepSchema,
  attemptStepSchema,
]);

export type HistoryStep = z.output<typeof historyStepSchema>;
export type DeliveryStep = z.output<typeof deliveryStepSchema>;
export type RuleStep = z.output<typeof ruleStepSchema>;
export type ActionStep = z.output<typeof actionStepSchema>;
export type ApiStep = z.output<typeof apiStepSchema>;
export type AttemptStep = z.output<typeof attemptStepSchema>;

/** Whose history a step goes into: the contact id, and the email that finds it. */
export interface HistoryContact {
  id: number;
  email?: string | undefined;
}
