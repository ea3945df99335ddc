import { z } from 'zod';
import { createContact, findContactByEmail } from '../api/contacts-routes.js';
import type { SimContext } from '../context.js';
import { httpError } from '../errors.js';
import type { ContactRecord, SaleRecord, SubscriptionRecord } from '../records.js';
import { cancelNow, settleSubscription } from '../subscription-period.js';
import { atomTimestamp } from '../time.js';
import { salePayload } from '../webhooks/sale-payload.js';

export const saleSchema = z
  .strictObject({
    contactId: z.number().int().positive().optional(),
    email: z.email().optional(),
    pricePlanId: z.number().int().positive(),
    courseId: z.number().int().positive().optional(),
  })
  .refine((sale) => sale.contactId !== undefined || sale.email !== undefined, { message: 'give contactId or email' });

export const cancellationSchema = z.strictObject({ subscriptionId: z.number().int().positive() });

function customerId(context: SimContext, contact: ContactRecord): number {
  const known = context.store.customers.get(contact.id);
  if (known !== undefined) return known;
  const id = context.store.nextId('customer');
  context.store.customers.set(contact.id, id);
  return id;
}

function saleContact(context: SimContext, input: z.output<typeof saleSchema>): ContactRecord {
  if (input.contactId !== undefined) {
    const contact = context.store.contacts.get(input.contactId);
    if (!contact) throw httpError(404, `Contact ${input.contactId} does not exist: seed it or give an email to create it.`);
    return contact;
  }
  // A buyer unknown to the account becomes a contact, announced like any new contact.
  return findContactByEmail(context, input.email!) ?? createContact(context, { email: input.email! });
}

/**
 * A sale of `pricePlanId`. A plan of type `subscription` (the default for seeded plans) also
 * creates an active subscription for the contact; other types (`one_shot`) do not. The sim
 * does not grant the order's course itself, so reactions to SALE_NEW stay observable.
 */
export function simulateSale(context: SimContext, input: z.output<typeof saleSchema>) {
  const { store } = context;
  const plan = store.pricePlans.get(input.pricePlanId);
  if (!plan) throw httpError(404, `Price plan ${input.pricePlanId} is unknown: seed it under "pricePlans" or "subscriptions[].pricePlan".`);
  if (input.courseId !== undefined && !store.courses.has(input.courseId)) {
    throw httpError(404, `Course ${input.courseId} is unknown: seed it under "courses".`);
  }
  const contact = saleContact(context, input);
  const createdAt = atomTimestamp(context.now());
  const sale: SaleRecord = { orderId: store.nextId('order'), orderItemId: store.nextId('orderItem'), courseId: input.courseId ?? null, createdAt };
  let subscription: SubscriptionRecord | undefined;
  if (plan.type === 'subscription') {
    subscription = { id: store.nextId('subscription'), contactId: contact.id, pricePlanId: plan.id, status: 'active', createdAt, completedAt: null, cancelledAt: null, cancelAtPeriodEnd: false, sale };
    store.subscriptions.set(subscription.id, subscription);
  }
  const customer = customerId(context, contact);
  const messageId = context.emit('SALE_NEW', salePayload(store, { contact, customerId: customer, plan, sale }));
  return { contactId: contact.id, customerId: customer, subscriptionId: subscription?.id ?? null, orderId: sale.orderId, orderItemId: sale.orderItemId, messageId };
}

/** Cancels a subscription now and sends SALE_CANCELED with the plan and the order of the original sale. */
export function simulateCancellation(context: SimContext, subscriptionId: number) {
  const { store } = context;
  const subscription = store.subscriptions.get(subscriptionId);
  if (!subscription) throw httpError(404, `Subscription ${subscriptionId} does not exist.`);
  const now = context.now();
  settleSubscription(subscription, now);
  if (subscription.status !== 'active') throw httpError(409, `Subscription ${subscriptionId} is ${subscription.status}: only an active subscription can be cancelled.`);
  const contact = store.contacts.get(subscription.contactId);
  if (!contact) throw httpError(409, `Subscription ${subscriptionId} belongs to contact ${subscription.contactId}, which was deleted.`);
  cancelNow(subscription, now);
  const plan = subscription.pricePlanId === null ? undefined : store.pricePlans.get(subscription.pricePlanId);
  const payload = salePayload(store, { contact, customerId: customerId(context, contact), plan, sale: subscription.sale });
  const messageId = context.emit('SALE_CANCELED', payload);
  return { subscriptionId, contactId: contact.id, orderId: subscription.sale.orderId, orderItemId: subscription.sale.orderItemId, messageId };
}
