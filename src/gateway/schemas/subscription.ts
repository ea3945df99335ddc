import { z } from 'zod';
import { apiIdSchema } from './common.js';

/** Statuses documented today; answers are read as plain strings so a new one cannot break a listing. */
export const SUBSCRIPTION_STATUSES = ['active', 'cancelled', 'completed', 'in_charge', 'incomplete', 'incomplete_expired'] as const;

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const recurringOptionsSchema = z.looseObject({
  interval: z.string().optional(),
  intervalCount: z.number().int().optional(),
  limitOfPayments: z.number().int().nullish(),
});

export const pricePlanSchema = z.looseObject({
  id: apiIdSchema,
  name: z.string().optional(),
  innerName: z.string().optional(),
  amount: z.number().optional(),
  currency: z.string().optional(),
  type: z.string().optional(),
  recurringOptions: recurringOptionsSchema.nullish(),
});

export const subscriptionSchema = z.looseObject({
  id: apiIdSchema,
  status: z.string(),
  createdAt: z.string().optional(),
  completedAt: z.string().nullish(),
  cancelledAt: z.string().nullish(),
  pricePlan: pricePlanSchema.nullish(),
});

export type Subscription = z.output<typeof subscriptionSchema>;

/** Body of `POST /api/payment/subscriptions/{id}/cancel` (enum from the 2025-06 OpenAPI copy). */
export const CANCEL_MODES = ['Now', 'WhenBillingPeriodEnds'] as const;

export type CancelMode = (typeof CANCEL_MODES)[number];

export const cancelSchema = z.object({ cancel: z.enum(CANCEL_MODES) });
