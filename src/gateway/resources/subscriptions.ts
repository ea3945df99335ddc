import { checkId, checkInput, idSegment } from '../check-input.js';
import { cancelSchema, subscriptionSchema, type CancelMode, type Subscription } from '../schemas/subscription.js';
import type { CallOptions, ResourceContext } from './context.js';

export type SubscriptionsApi = ReturnType<typeof subscriptionsApi>;

export function subscriptionsApi({ transport, paginator }: ResourceContext) {
  return {
    /** A contact's subscriptions; the API requires the contact (docs/systeme-io.md#subscriptions). */
    list(filters: { contact: number }, options: CallOptions = {}): AsyncIterable<Subscription> {
      const query = { contact: checkId('subscriptions.list', filters.contact) };
      return paginator.list(subscriptionSchema, { operation: 'subscriptions.list', path: '/api/payment/subscriptions', query, signal: options.signal });
    },
    /**
     * Cancels now or at the end of the paid period. 422 if already cancelled (docs/systeme-io.md#subscriptions).
     * A POST, so never repeated by the gateway: re-read the subscription before retrying.
     */
    cancel(id: number, when: CancelMode, options: CallOptions = {}): Promise<void> {
      const path = `/api/payment/subscriptions/${idSegment('subscriptions.cancel', id)}/cancel`;
      const body = checkInput('subscriptions.cancel', cancelSchema, { cancel: when });
      return transport.callVoid({ operation: 'subscriptions.cancel', method: 'POST', path, body, signal: options.signal });
    },
  };
}
