import type { Action } from './registry.js';
import { collect } from '../gateway/collect.js';
import { ValidationError } from '../gateway/errors.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import { ReactionError } from '../handlers/errors.js';
import { write, type ActionOutcome, type ReactionDeps } from './reaction-deps.js';

type Cancel = Extract<Action, { type: 'cancel_subscription' }>;

const CANCEL_MODE = { now: 'Now', period_end: 'WhenBillingPeriodEnds' } as const;

function eventPricePlan(event: SystemeEvent): number | undefined {
  const plan = event.data.pricePlan as { id?: unknown } | null | undefined;
  return typeof plan?.id === 'number' ? plan.id : undefined;
}

/**
 * Destructive, and the event's headers are unsigned (FACTS.md §1): the subscription is re-read
 * from the API, listed by the event's contact (a required filter), and only the active one on
 * the wanted price plan is cancelled; with several, nothing is and the job fails for an operator
 * to decide. An already cancelled one is success, so is the API's 422.
 */
export async function cancelSubscription(action: Cancel, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  const pricePlan = action.pricePlan ?? eventPricePlan(event);
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
    return await write(deps, `POST /api/payment/subscriptions/${subscription.id}/cancel {cancel: ${CANCEL_MODE[action.when]}}`, () =>
      deps.gateway.subscriptions.cancel(subscription.id, CANCEL_MODE[action.when], { signal: deps.signal }),
    );
  } catch (error) {
    // 422: already cancelled meanwhile (FACTS.md §2).
    if (error instanceof ValidationError) return 'already';
    throw error;
  }
}
