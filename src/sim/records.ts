import type { EventType } from '../events/event-types.js';

/** Internal state of the simulated account. API representations are built from these by `views.ts`. */
export interface ContactRecord {
  id: number;
  email: string;
  registeredAt: string;
  locale: string;
  sourceURL: string | null;
  unsubscribed: boolean;
  bounced: boolean;
  needsConfirmation: boolean;
  /** slug → value; only fields that hold a value. */
  fields: Map<string, string>;
  /** In assignment order. */
  tagIds: number[];
}

export interface TagRecord {
  id: number;
  name: string;
  createdAt: string;
}

export interface FieldRecord {
  slug: string;
  fieldName: string;
}

export interface CourseRecord {
  id: number;
  name: string;
  locale: string;
  path: string;
  domainName: string | null;
  active: boolean;
  modules: { id: number; name: string }[];
}

export interface CommunityRecord {
  id: number;
  name: string;
  domainName: string;
  path: string;
}

export const ACCESS_TYPES = ['full_access', 'partial_access', 'dripping_content'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export interface EnrollmentRecord {
  id: number;
  contactId: number;
  courseId: number;
  accessType: AccessType;
  modules: number[] | null;
  active: boolean;
}

export interface MembershipRecord {
  id: number;
  contactId: number;
  communityId: number;
}

export interface RecurringOptions {
  interval: string;
  intervalCount: number;
  [extra: string]: unknown;
}

export interface PricePlanRecord {
  id: number;
  name: string;
  innerName: string;
  type: string;
  amount: number;
  currency: string;
  statementDescriptor: string;
  recurringOptions: RecurringOptions | null;
}

export const SUBSCRIPTION_STATUSES = ['active', 'cancelled', 'completed', 'in_charge', 'incomplete', 'incomplete_expired'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** The order a subscription came from: SALE_CANCELED repeats its ids. */
export interface SaleRecord {
  orderId: number;
  orderItemId: number;
  courseId: number | null;
  createdAt: string;
}

export interface SubscriptionRecord {
  id: number;
  contactId: number;
  pricePlanId: number | null;
  status: SubscriptionStatus;
  createdAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  /** Set by a `WhenBillingPeriodEnds` cancel: `cancelledAt` is then the (future) end of the period. */
  cancelAtPeriodEnd: boolean;
  sale: SaleRecord;
}

export type DisabledReason = 'USER_CANCELED' | 'BAD_SUCCESS_RATE';

export interface WebhookSubscriptionRecord {
  id: string;
  event: EventType;
  disabledAt: string | null;
  disabledReason: DisabledReason | null;
  /** Events in a row whose every delivery attempt failed. */
  consecutiveFailures: number;
}

export interface WebhookRecord {
  id: string;
  name: string;
  url: string;
  secret: string;
  active: boolean;
  subscriptions: WebhookSubscriptionRecord[];
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface DeliveryLogEntry {
  webhookId: string;
  url: string;
  event: EventType;
  messageId: string;
  attemptId: string;
  attempt: number;
  /** The receiver's HTTP status, or null when the connection failed or timed out. */
  status: number | null;
  at: string;
}
