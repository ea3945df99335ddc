import type {
  CommunityRecord,
  ContactRecord,
  CourseRecord,
  EnrollmentRecord,
  MembershipRecord,
  PricePlanRecord,
  SubscriptionRecord,
  TagRecord,
  WebhookRecord,
} from './records.js';
import type { Store } from './store.js';

/** API representations, shaped as the OpenAPI's response schemas (and docs/systeme-io.md#webhook-deliveries for payloads). */

/** The contact without fields and tags, as nested in an enrollment. */
export function contactSummaryView(contact: ContactRecord) {
  return {
    id: contact.id,
    email: contact.email,
    registeredAt: contact.registeredAt,
    locale: contact.locale,
    sourceURL: contact.sourceURL,
    unsubscribed: contact.unsubscribed,
    bounced: contact.bounced,
    needsConfirmation: contact.needsConfirmation,
  };
}

export function contactView(store: Store, contact: ContactRecord) {
  return {
    ...contactSummaryView(contact),
    fields: [...contact.fields].map(([slug, value]) => ({ fieldName: store.fields.get(slug)?.fieldName ?? slug, slug, value })),
    tags: contact.tagIds.flatMap((id) => {
      const tag = store.tags.get(id);
      return tag ? [{ id: tag.id, name: tag.name }] : [];
    }),
  };
}

export function tagView(tag: TagRecord) {
  return { id: tag.id, name: tag.name, createdAt: tag.createdAt };
}

export function courseSummaryView(course: CourseRecord) {
  return { id: course.id, locale: course.locale, path: course.path, active: course.active, name: course.name };
}

export function courseView(course: CourseRecord) {
  return { ...courseSummaryView(course), domainName: course.domainName, modules: course.modules.map((m) => ({ ...m })) };
}

export function communityView(community: CommunityRecord) {
  return { id: community.id, name: community.name, domainName: community.domainName, path: community.path };
}

export function enrollmentView(store: Store, enrollment: EnrollmentRecord) {
  const contact = store.contacts.get(enrollment.contactId);
  const course = store.courses.get(enrollment.courseId);
  return {
    id: enrollment.id,
    contact: contact ? contactSummaryView(contact) : { id: enrollment.contactId },
    course: course ? courseSummaryView(course) : { id: enrollment.courseId },
    accessType: enrollment.accessType,
    active: enrollment.active,
  };
}

export function membershipView(store: Store, membership: MembershipRecord) {
  const community = store.communities.get(membership.communityId);
  return {
    id: membership.id,
    community: community ? communityView(community) : { id: membership.communityId },
    contact: { id: membership.contactId },
  };
}

export function pricePlanView(plan: PricePlanRecord) {
  return {
    id: plan.id,
    name: plan.name,
    innerName: plan.innerName,
    statementDescriptor: plan.statementDescriptor,
    amount: plan.amount,
    currency: plan.currency,
    type: plan.type,
    recurringOptions: plan.recurringOptions ? { ...plan.recurringOptions } : null,
  };
}

export function subscriptionView(store: Store, subscription: SubscriptionRecord) {
  const plan = subscription.pricePlanId === null ? undefined : store.pricePlans.get(subscription.pricePlanId);
  return {
    id: subscription.id,
    createdAt: subscription.createdAt,
    status: subscription.status,
    completedAt: subscription.completedAt,
    cancelledAt: subscription.cancelledAt,
    pricePlan: plan ? pricePlanView(plan) : null,
  };
}

/** The secret is write-only: the OpenAPI's webhook resource has no `secret` property. */
export function webhookView(webhook: WebhookRecord) {
  return {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    active: webhook.active,
    subscriptions: webhook.subscriptions.map((s) => ({
      id: s.id,
      event: s.event,
      disabledAt: s.disabledAt,
      disabledReason: s.disabledReason,
    })),
  };
}
