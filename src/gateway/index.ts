export { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { gatewayOptionsFromConfig } from './options-from-config.js';
export { collect } from './collect.js';
export * from './errors.js';
export { errorFromResponse, DEFAULT_RATE_LIMIT_DELAY_MS, type ErrorResponse } from './error-from-response.js';
export { shouldRetry, retryDelay, MAX_INLINE_RETRY_AFTER_MS, type RetryDelayOptions } from './retry.js';
export { readRateLimit, retryAfterMs, rateLimitDelayMs, type RateLimitState } from './rate-limit-headers.js';
export { DEFAULT_PAGE_SIZE } from './paginate.js';
export type { CallRecord, RequestInfo, HttpMethod } from './transport.js';
export type { CallOptions } from './resources/context.js';
export type { ContactFilters } from './resources/contacts.js';
export type { EnrollmentFilters } from './resources/school.js';
export type { MembershipFilters } from './resources/community.js';
export type { Page, PageOrder } from './schemas/common.js';
export { CONTACT_LOCALES, type Contact, type ContactCreate, type ContactUpdate } from './schemas/contact.js';
export type { Tag } from './schemas/tag.js';
export type { ContactField, ContactFieldCreate, ContactFieldUpdate } from './schemas/contact-field.js';
export { ACCESS_TYPES, type AccessType, type Course, type Enrollment, type EnrollmentCreate } from './schemas/school.js';
export type { Community, Membership, MembershipQueued } from './schemas/community.js';
export {
  SUBSCRIPTION_STATUSES,
  CANCEL_MODES,
  type SubscriptionStatus,
  type CancelMode,
  type Subscription,
} from './schemas/subscription.js';
export type { Webhook, WebhookCreate, WebhookUpdate } from './schemas/webhook.js';
