import type { TagRef } from '../tag-ref.js';

/**
 * What `rules explain` assumes Systeme.io holds for the event's contact while it plans an
 * action's calls. Anything not listed is absent: the contact has no tags, fields, enrollments,
 * memberships or subscriptions, and every tag name exists (with an id shown as a placeholder).
 */
export interface AssumedState {
  contactTags?: TagRef[];
  enrollments?: { course: number }[];
  memberships?: { community: number }[];
  subscriptions?: { pricePlan: number; status: string }[];
}
