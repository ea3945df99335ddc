import { z } from 'zod';
import { collect } from '../gateway/collect.js';
import { ValidationError } from '../gateway/errors.js';
import { EVENT_ROOTS } from '../rules/paths.js';
import { readPath } from '../rules/read-path.js';
import { idSchema, oneOf, strictMapping } from '../rules/zod-helpers.js';
import { ReactionError } from '../handlers/errors.js';
import { defineAction } from './action-module.js';
import { eventPricePlan } from './reads.js';

/** `cancel_subscription` timing: `now` → `"Now"`, `period_end` → `"WhenBillingPeriodEnds"` (docs/systeme-io.md#subscriptions). */
export const CANCEL_WHEN = ['now', 'period_end'] as const;

const CANCEL_MODE = { now: 'Now', period_end: 'WhenBillingPeriodEnds' } as const;

export type CancelSubscription = { type: 'cancel_subscription'; when: (typeof CANCEL_WHEN)[number]; pricePlan: number | undefined };

const cancelWhen = z.enum(CANCEL_WHEN, { error: `expected ${oneOf(CANCEL_WHEN)}` });
const cancelSchema = z.union(
  [
    cancelWhen.transform((when) => ({ when, price_plan: undefined })),
    strictMapping({ when: cancelWhen.default('period_end'), price_plan: idSchema.optional() }, 'key'),
  ],
  { error: `expected ${oneOf(CANCEL_WHEN)} or a mapping such as { when: now, price_plan: 3456 }` },
);

/** `cancel_subscription: now`, or `{ when: period_end, price_plan: 3456 }`. */
export const cancelSubscription = defineAction<CancelSubscription>({
  type: 'cancel_subscription',
  description:
    "Cancel the contact's active subscription to the event's price plan (or price_plan), now or at the end of the paid period (the default).",
  schema: cancelSchema.transform((v): CancelSubscription => ({ type: 'cancel_subscription', when: v.when, pricePlan: v.price_plan })),
  destructive: true,
  describe(action, data) {
    const when = action.when === 'now' ? 'now' : 'at the end of the paid period';
    return `cancel_subscription ${when} (${pricePlanOf(action.pricePlan, data)})`;
  },
  check(action, events) {
    if (action.pricePlan !== undefined) return [];
    const without = events.filter((event) => !EVENT_ROOTS[event].includes('pricePlan'));
    if (without.length === 0) return [];
    return [{ path: [], message: `${without.join(', ')} events carry no price plan; add price_plan: <id> to say which subscription to cancel` }];
  },
  assume(action, event) {
    const pricePlan = action.pricePlan ?? eventPricePlan(event.data);
    return pricePlan === undefined ? {} : { subscriptions: [{ pricePlan, status: 'active' }] };
  },

  /**
   * Destructive, and the event's headers are unsigned (docs/systeme-io.md#unsigned-headers): the subscription is re-read
   * from the API, listed by the event's contact (a required filter), and only the active one on
   * the wanted price plan is cancelled; with several, nothing is and the job fails for an operator
   * to decide. An already cancelled one is success, so is the API's 422.
   */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    const pricePlan = action.pricePlan ?? eventPricePlan(event.data);
    if (pricePlan === undefined) {
      throw new ReactionError(
        'PRICE_PLAN_UNKNOWN',
        'cancel_subscription: the event names no price plan; give one in the rule (cancel_subscription: { price_plan: 3456 })',
        { retryable: false },
      );
    }
    const subscriptions = await collect(deps.gateway.subscriptions.list({ contact: contactId }, { signal: deps.signal }));
    const onPlan = subscriptions.filter((subscription) => subscription.pricePlan?.id === pricePlan);
    const active = onPlan.filter((subscription) => subscription.status === 'active');
    if (active.length === 0) {
      deps.log.info({ contactId, pricePlan, found: onPlan.map((s) => ({ id: s.id, status: s.status })) }, 'no active subscription to cancel');
      return onPlan.length > 0 ? 'already' : 'skipped';
    }
    if (active.length > 1) {
      // The event does not say which one was meant; cancelling both could end a paid one.
      throw new ReactionError(
        'SUBSCRIPTION_AMBIGUOUS',
        `cancel_subscription: contact ${contactId} has ${active.length} active subscriptions on price plan ${pricePlan} ` +
          `(${active.map((s) => s.id).sort((a, b) => a - b).join(', ')}); cancel the right one in Systeme.io, then retry the job with \`systeme-hooks failed retry\``,
        { retryable: false },
      );
    }
    const [subscription] = active as [(typeof active)[number]];
    try {
      await deps.gateway.subscriptions.cancel(subscription.id, CANCEL_MODE[action.when], { signal: deps.signal });
      return 'done';
    } catch (error) {
      // 422: already cancelled meanwhile (docs/systeme-io.md#subscriptions).
      if (error instanceof ValidationError) return 'already';
      throw error;
    }
  },
});

function pricePlanOf(configured: number | undefined, data: unknown): string {
  if (configured !== undefined) return `price plan ${configured}`;
  if (data === undefined) return "the event's price plan";
  const [id] = readPath(data, ['pricePlan', 'id']);
  return id === undefined ? 'the event has no price plan' : `price plan ${String(id)}, from the event`;
}
