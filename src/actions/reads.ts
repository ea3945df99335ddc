import type { EventData } from '../events/normalise.js';
import type { ReactionDeps } from './reaction-deps.js';

/** The contact as the event's view holds it: read at most once per event attempt. */
export function contactOf(contactId: number, deps: ReactionDeps) {
  return deps.view.contact(contactId, { signal: deps.signal });
}

/** Whether the contact carries the tag (the event's view of the contact). */
export async function contactHasTag(contactId: number, tagId: number, deps: ReactionDeps): Promise<boolean> {
  const contact = await contactOf(contactId, deps);
  return contact.tags.some((tag) => tag.id === tagId);
}

/** The id of the contact's tag of exactly this name, if it has one (the event's view of the contact). */
export async function contactTagNamed(contactId: number, name: string, deps: ReactionDeps): Promise<number | undefined> {
  const contact = await contactOf(contactId, deps);
  return contact.tags.find((tag) => tag.name === name)?.id;
}

/** The contact's enrollments in the course, read at most once per event attempt. */
export function enrollmentsOf(course: number, contact: number, deps: ReactionDeps) {
  return deps.view.enrollments(course, contact, { signal: deps.signal });
}

/** The contact's memberships of the community, read at most once per event attempt (until a join). */
export function membershipsOf(community: number, contact: number, deps: ReactionDeps) {
  return deps.view.memberships(community, contact, { signal: deps.signal });
}

/** The id of the event's price plan (sale events), if it has one. */
export function eventPricePlan(data: EventData): number | undefined {
  const plan = data.pricePlan as { id?: unknown } | null | undefined;
  return typeof plan?.id === 'number' ? plan.id : undefined;
}
