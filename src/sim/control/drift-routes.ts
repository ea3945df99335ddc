import { z } from 'zod';
import { EVENT_TYPES } from '../../events/event-types.js';
import { findContact } from '../api/contacts-routes.js';
import type { SimContext } from '../context.js';
import type { DeliveryDrops } from '../drift.js';
import { httpError } from '../errors.js';
import type { Route } from '../http/router.js';
import { cancelNow, settleSubscription } from '../subscription-period.js';

const dropSchema = z.strictObject({ count: z.number().int().positive().max(1_000_000), event: z.enum(EVENT_TYPES).optional() });
const cancelSchema = z.strictObject({ subscriptionId: z.number().int().positive() });
const removeTagSchema = z.strictObject({ contactId: z.number().int().positive(), tagId: z.number().int().positive() });

function parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw httpError(400, `Invalid ${what}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/**
 * `/__sim/drift/*`: puts the account out of step with what the receiver was told, as happens for
 * real — deliveries lost, a subscription ending without its webhook, a contact edited by hand.
 */
export function driftRoutes(context: SimContext, drops: DeliveryDrops): Route[] {
  const { store } = context;
  return [
    {
      method: 'POST',
      path: '/__sim/drift/drop-deliveries',
      handler: ({ body }) => {
        const { count, event } = parse(dropSchema, body, 'drop request');
        drops.add(count, event);
        return { status: 200, body: drops.counts() };
      },
    },
    {
      method: 'POST',
      path: '/__sim/drift/cancel-subscription',
      handler: ({ body }) => {
        const { subscriptionId } = parse(cancelSchema, body, 'cancellation');
        const subscription = store.subscriptions.get(subscriptionId);
        if (!subscription) throw httpError(404, `Subscription ${subscriptionId} does not exist.`);
        settleSubscription(subscription, context.now());
        if (subscription.status !== 'active') throw httpError(409, `Subscription ${subscriptionId} is ${subscription.status} already.`);
        cancelNow(subscription, context.now());
        return { status: 200, body: { subscriptionId, status: subscription.status } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/drift/remove-tag',
      handler: ({ body }) => {
        const { contactId, tagId } = parse(removeTagSchema, body, 'tag removal');
        const contact = findContact(context, String(contactId));
        if (!contact.tagIds.includes(tagId)) throw httpError(409, `Contact ${contactId} does not have tag ${tagId}.`);
        contact.tagIds = contact.tagIds.filter((id) => id !== tagId);
        return { status: 200, body: { contactId, tags: contact.tagIds } };
      },
    },
  ];
}
