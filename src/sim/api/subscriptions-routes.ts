import { z } from 'zod';
import type { SimContext } from '../context.js';
import { CODES, notFound, unprocessable, violation } from '../errors.js';
import type { Route } from '../http/router.js';
import { paginate, parsePageQuery } from '../pagination.js';
import { cancelNow, scheduleCancellation, settleSubscription } from '../subscription-period.js';
import { parseBody, pathId, queryInt } from '../validation.js';
import { subscriptionView } from '../views.js';

/** The June 2025 OpenAPI enumerates these two; the September copy describes them in prose. */
const cancelSchema = z.object({ cancel: z.enum(['Now', 'WhenBillingPeriodEnds']) });

export function subscriptionRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'GET',
      path: '/api/payment/subscriptions',
      handler: ({ query }) => {
        // `contact` is required (docs/systeme-io.md#subscriptions).
        const contact = queryInt(query, 'contact');
        if (contact === undefined) throw unprocessable([violation('contact', 'This value should not be blank.', CODES.notBlank)]);
        const page = parsePageQuery(query);
        const now = context.now();
        const matching = [...store.subscriptions.values()].filter((s) => s.contactId === contact);
        for (const subscription of matching) settleSubscription(subscription, now);
        const result = paginate(matching, page);
        return { status: 200, body: { items: result.items.map((s) => subscriptionView(store, s)), hasMore: result.hasMore } };
      },
    },
    {
      method: 'POST',
      path: '/api/payment/subscriptions/:id/cancel',
      handler: ({ params, body }) => {
        const id = pathId(params.id);
        const subscription = id === undefined ? undefined : store.subscriptions.get(id);
        if (!subscription) throw notFound(`Subscription ${params.id ?? ''} not found.`);
        const { cancel } = parseBody(cancelSchema, body);
        const now = context.now();
        settleSubscription(subscription, now);
        if (subscription.status !== 'active') {
          throw unprocessable([violation('', `The subscription cannot be cancelled: its status is "${subscription.status}".`)]);
        }
        // A scheduled end-of-period cancellation can still be made immediate, not scheduled twice.
        if (subscription.cancelAtPeriodEnd && cancel === 'WhenBillingPeriodEnds') {
          throw unprocessable([violation('', `The subscription is already cancelled at the end of its billing period (${subscription.cancelledAt ?? ''}).`)]);
        }
        if (cancel === 'Now') cancelNow(subscription, now);
        else scheduleCancellation(store, subscription, now);
        return { status: 204 };
      },
    },
  ];
}
