import type { EventType } from '../../events/event-types.js';
import type { DisabledReason, WebhookRecord, WebhookSubscriptionRecord } from '../records.js';
import { atomTimestamp } from '../time.js';
import type { UuidGenerator } from '../uuid-v7.js';

export function newSubscription(uuid: UuidGenerator, event: EventType): WebhookSubscriptionRecord {
  return { id: uuid(), event, disabledAt: null, disabledReason: null, consecutiveFailures: 0 };
}

export function disableSubscription(subscription: WebhookSubscriptionRecord, reason: DisabledReason, now: Date): void {
  if (subscription.disabledAt !== null) return;
  subscription.disabledAt = atomTimestamp(now);
  subscription.disabledReason = reason;
}

function enable(subscription: WebhookSubscriptionRecord): void {
  subscription.disabledAt = null;
  subscription.disabledReason = null;
  subscription.consecutiveFailures = 0;
}

/**
 * How a PATCH changes subscriptions. The OpenAPI's webhook resource keeps one subscription
 * object per event with `disabledAt` and `disabledReason: USER_CANCELED | BAD_SUCCESS_RATE`,
 * so we model the subscription list as history rather than a plain set:
 * - an event listed in `subscriptions` is enabled: a disabled one (either reason) is re-enabled
 *   with its id kept, a new event gets a new subscription;
 * - an enabled event left out of the list is disabled with `USER_CANCELED` (kept, not deleted);
 * - `active: true` re-enables every subscription disabled for `BAD_SUCCESS_RATE`, like the
 *   dashboard's "enable" switch after Systeme.io turned a failing webhook off.
 */
export function patchSubscriptions(
  webhook: WebhookRecord,
  patch: { subscriptions?: readonly EventType[] | undefined; active?: boolean | undefined },
  uuid: UuidGenerator,
  now: Date,
): void {
  if (patch.subscriptions) {
    const wanted = new Set(patch.subscriptions);
    for (const subscription of webhook.subscriptions) {
      if (wanted.has(subscription.event)) enable(subscription);
      else disableSubscription(subscription, 'USER_CANCELED', now);
    }
    for (const event of wanted) {
      if (!webhook.subscriptions.some((s) => s.event === event)) webhook.subscriptions.push(newSubscription(uuid, event));
    }
  }
  if (patch.active === true) {
    for (const subscription of webhook.subscriptions) if (subscription.disabledReason === 'BAD_SUCCESS_RATE') enable(subscription);
  }
}
