import type { Store } from '../store.js';
import type { ParsedSeed } from './seed-schema.js';

function ids(records: readonly { id?: number | undefined }[] | undefined): Set<number> {
  return new Set((records ?? []).flatMap((record) => (record.id === undefined ? [] : [record.id])));
}

/**
 * Cross-record checks zod cannot make: references must name something seeded or already
 * present, and unique values must stay unique. Run before anything is applied, so a bad seed
 * changes nothing. Returns one `path: problem` line per issue.
 */
export function checkSeed(store: Store, seed: ParsedSeed): string[] {
  const problems: string[] = [];
  const has = (existing: Map<number, unknown>, seeded: Set<number>, id: number) => existing.has(id) || seeded.has(id);
  const contactIds = ids(seed.contacts);
  const courseIds = ids(seed.courses);
  const communityIds = ids(seed.communities);
  const tagIds = ids(seed.tags);
  const planIds = new Set([...(seed.pricePlans ?? []).map((p) => p.id), ...(seed.subscriptions ?? []).flatMap((s) => (s.pricePlan ? [s.pricePlan.id] : []))]);

  const emails = new Map<string, number | undefined>();
  seed.contacts?.forEach((contact, index) => {
    const email = contact.email.toLowerCase();
    if (emails.has(email)) problems.push(`contacts[${index}].email: ${contact.email} appears twice in the seed`);
    emails.set(email, contact.id);
    const owner = [...store.contacts.values()].find((c) => c.email.toLowerCase() === email);
    if (owner && owner.id !== contact.id) problems.push(`contacts[${index}].email: ${contact.email} already belongs to contact ${owner.id}`);
    contact.tags?.forEach((tag, tagIndex) => {
      if (typeof tag === 'number' && !has(store.tags, tagIds, tag)) {
        problems.push(`contacts[${index}].tags[${tagIndex}]: tag ${tag} is not seeded; give {"id": ${tag}, "name": "…"} or add it to "tags"`);
      }
    });
  });
  seed.subscriptions?.forEach((subscription, index) => {
    if (!has(store.contacts, contactIds, subscription.contactId)) problems.push(`subscriptions[${index}].contactId: contact ${subscription.contactId} is not seeded`);
    if (subscription.pricePlanId !== undefined && !has(store.pricePlans, planIds, subscription.pricePlanId)) {
      problems.push(`subscriptions[${index}].pricePlanId: price plan ${subscription.pricePlanId} is not in "pricePlans"`);
    }
    if (subscription.courseId !== undefined && !has(store.courses, courseIds, subscription.courseId)) problems.push(`subscriptions[${index}].courseId: course ${subscription.courseId} is not seeded`);
  });
  seed.enrollments?.forEach((enrollment, index) => {
    if (!has(store.contacts, contactIds, enrollment.contactId)) problems.push(`enrollments[${index}].contactId: contact ${enrollment.contactId} is not seeded`);
    if (!has(store.courses, courseIds, enrollment.courseId)) problems.push(`enrollments[${index}].courseId: course ${enrollment.courseId} is not seeded`);
    if (enrollment.accessType === 'partial_access' && !enrollment.modules?.length) problems.push(`enrollments[${index}].modules: partial_access needs module ids`);
  });
  seed.memberships?.forEach((membership, index) => {
    if (!has(store.contacts, contactIds, membership.contactId)) problems.push(`memberships[${index}].contactId: contact ${membership.contactId} is not seeded`);
    if (!has(store.communities, communityIds, membership.communityId)) problems.push(`memberships[${index}].communityId: community ${membership.communityId} is not seeded`);
  });
  seed.webhooks?.forEach((webhook, index) => {
    const clash = [...store.webhooks.values()].find((w) => w.id !== webhook.id && (w.name === webhook.name || w.url === webhook.url));
    if (clash) problems.push(`webhooks[${index}]: name or url already used by webhook ${clash.id}`);
    const others = seed.webhooks!.filter((w, i) => i !== index && (w.name === webhook.name || w.url === webhook.url));
    if (others.length > 0) problems.push(`webhooks[${index}]: name or url appears twice in the seed`);
  });
  return problems;
}
