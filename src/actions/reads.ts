import { collect } from '../gateway/collect.js';
import type { EventData } from '../events/normalise.js';
import type { ReactionDeps } from './reaction-deps.js';

/** Reads the contact: whether it carries the tag. */
export async function contactHasTag(contactId: number, tagId: number, deps: ReactionDeps): Promise<boolean> {
  const contact = await deps.gateway.contacts.get(contactId, { signal: deps.signal });
  return contact.tags.some((tag) => tag.id === tagId);
}

/** The contact's enrollments in the course (the filters are applied again: a proxy may ignore them). */
export async function enrollmentsOf(course: number, contact: number, deps: ReactionDeps) {
  const all = await collect(deps.gateway.enrollments.list({ course, contact }, { signal: deps.signal }));
  return all.filter((enrollment) => enrollment.contact.id === contact && enrollment.course.id === course);
}

/** The contact's memberships of the community. */
export async function membershipsOf(community: number, contact: number, deps: ReactionDeps) {
  const all = await collect(deps.gateway.memberships.list({ community, contact }, { signal: deps.signal }));
  return all.filter((membership) => membership.contact.id === contact && membership.community.id === community);
}

/** The id of the event's price plan (sale events), if it has one. */
export function eventPricePlan(data: EventData): number | undefined {
  const plan = data.pricePlan as { id?: unknown } | null | undefined;
  return typeof plan?.id === 'number' ? plan.id : undefined;
}
