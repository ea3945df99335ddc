import type { RecurringOptions, SubscriptionRecord } from './records.js';
import type { Store } from './store.js';
import { atomTimestamp } from './time.js';

function step(date: Date, interval: string, count: number): Date {
  const next = new Date(date);
  switch (interval) {
    case 'day':
      next.setUTCDate(next.getUTCDate() + count);
      break;
    case 'week':
      next.setUTCDate(next.getUTCDate() + 7 * count);
      break;
    case 'year':
      next.setUTCFullYear(next.getUTCFullYear() + count);
      break;
    default:
      next.setUTCMonth(next.getUTCMonth() + count);
  }
  return next;
}

/** End of the billing period running at `now`: the start stepped by the plan's interval (monthly when unknown) until it is in the future. */
export function currentPeriodEnd(createdAt: string, recurring: RecurringOptions | null, now: Date): Date {
  const count = Math.max(1, recurring?.intervalCount ?? 1);
  const interval = recurring?.interval ?? 'month';
  let end = step(new Date(createdAt), interval, count);
  for (let guard = 0; end <= now && guard < 100_000; guard += 1) end = step(end, interval, count);
  return end;
}

/**
 * A `WhenBillingPeriodEnds` cancellation keeps the subscription `active` with `cancelledAt`
 * set to the (future) period end; once that moment passes it reads as `cancelled`. Applied
 * lazily whenever subscriptions are read, so no timer is needed.
 */
export function settleSubscription(subscription: SubscriptionRecord, now: Date): void {
  if (!subscription.cancelAtPeriodEnd || subscription.status !== 'active' || subscription.cancelledAt === null) return;
  if (Date.parse(subscription.cancelledAt) <= now.getTime()) subscription.status = 'cancelled';
}

export function scheduleCancellation(store: Store, subscription: SubscriptionRecord, now: Date): void {
  const plan = subscription.pricePlanId === null ? undefined : store.pricePlans.get(subscription.pricePlanId);
  subscription.cancelAtPeriodEnd = true;
  subscription.cancelledAt = atomTimestamp(currentPeriodEnd(subscription.createdAt, plan?.recurringOptions ?? null, now));
}

export function cancelNow(subscription: SubscriptionRecord, now: Date): void {
  subscription.status = 'cancelled';
  subscription.cancelAtPeriodEnd = false;
  subscription.cancelledAt = atomTimestamp(now);
}
