import type { Webhook } from '../../gateway/index.js';

export interface SubscriptionState {
  event: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
}

export function subscriptionStates(webhook: Webhook): SubscriptionState[] {
  return webhook.subscriptions.map((s) => ({
    event: s.event,
    enabled: !s.disabledAt,
    disabledReason: s.disabledAt ? (s.disabledReason ?? 'unknown reason') : null,
    disabledAt: s.disabledAt ?? null,
  }));
}

/** `SALE_NEW: enabled`, `SALE_NEW: disabled (BAD_SUCCESS_RATE since 2026-…)`. */
export function describeSubscription(state: SubscriptionState): string {
  if (state.enabled) return `${state.event}: enabled`;
  return `${state.event}: disabled (${state.disabledReason ?? 'unknown reason'}${state.disabledAt ? ` since ${state.disabledAt}` : ''})`;
}

/** Events with a subscription that is not disabled. */
export function enabledEvents(webhook: Webhook): string[] {
  return webhook.subscriptions.filter((s) => !s.disabledAt).map((s) => s.event);
}
