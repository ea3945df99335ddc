import { z } from 'zod';
import { EVENT_TYPES } from '../../events/event-types.js';

export const webhookSubscriptionSchema = z.looseObject({
  id: z.string(),
  // Read as a string: an event type added later must not make the whole listing unreadable.
  event: z.string(),
  disabledAt: z.string().nullish(),
  disabledReason: z.string().nullish(),
});

/** Ids are UUID strings (docs/systeme-io.md#webhook-resource). The secret is never returned. */
export const webhookSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  active: z.boolean().optional(),
  subscriptions: z.array(webhookSubscriptionSchema).default([]),
});

export type Webhook = z.output<typeof webhookSchema>;

const events = z
  .array(z.enum(EVENT_TYPES))
  .min(1)
  .refine((list) => new Set(list).size === list.length, 'list each event once');

/** OpenAPI `Webhook.CreateWebhookInput`; name and url are unique per account (422 otherwise). */
export const webhookCreateSchema = z.object({
  name: z.string().min(1).max(255),
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1),
  subscriptions: events,
  active: z.boolean().optional(),
});

export type WebhookCreate = z.input<typeof webhookCreateSchema>;

/** OpenAPI `Webhook.UpdateWebhookInput`, as a merge patch: only what changes (the url cannot). */
export const webhookUpdateSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  secret: z.string().min(1).optional(),
  subscriptions: events.optional(),
  active: z.boolean().optional(),
});

export type WebhookUpdate = z.input<typeof webhookUpdateSchema>;
