import type { ContactRecord, PricePlanRecord, SaleRecord } from '../records.js';
import type { Store } from '../store.js';
import { phpFloat } from './encode-body.js';

export interface SaleFacts {
  contact: ContactRecord;
  customerId: number;
  plan: PricePlanRecord | undefined;
  sale: SaleRecord;
}

/**
 * SALE_NEW / SALE_CANCELED body (schema 2), shaped as the real capture (docs/systeme-io.md#sale-payloads):
 * `customer.fields` is an object keyed by slug, amounts in cents, `vat` a PHP float. The
 * funnel, client IP and payment processor are fixed, plausible values.
 */
export function salePayload(store: Store, facts: SaleFacts): Record<string, unknown> {
  const { contact, plan, sale } = facts;
  const course = sale.courseId === null ? undefined : store.courses.get(sale.courseId);
  return {
    customer: {
      id: facts.customerId,
      contactId: contact.id,
      email: contact.email,
      clientIp: '203.0.113.9',
      fields: Object.fromEntries(contact.fields),
      paymentProcessor: 'stripe',
      sourceUrl: 'https://sim.systeme.io/order-form',
    },
    coupon: null,
    funnelStep: { id: 1, name: 'Order form', type: 'offer-form', funnel: { id: 1, name: 'Simulator funnel' } },
    checkoutPage: null,
    order: {
      id: sale.orderId,
      createdAt: sale.createdAt,
      discountAmount: null,
      discountType: null,
      shippingFee: null,
      totalPrice: plan?.amount ?? 0,
      vat: phpFloat(0),
    },
    orderItem: {
      id: sale.orderItemId,
      createdAt: sale.createdAt,
      resources: course
        ? [
            {
              course: { id: course.id, name: course.name },
              courseBundle: null,
              enrollmentAccessType: 'full_access',
              enrollmentDrippingAccessCourse: null,
              physicalProduct: null,
              tag: null,
            },
          ]
        : [],
    },
    pricePlan: plan
      ? {
          id: plan.id,
          name: plan.name,
          type: plan.type,
          amount: plan.amount,
          currency: plan.currency,
          innerName: plan.innerName,
          recurringOptions: plan.recurringOptions,
          statementDescriptor: plan.statementDescriptor,
        }
      : null,
  };
}
