import { collect } from '../gateway/collect.js';
import type { Gateway } from '../gateway/gateway.js';
import type { Contact } from '../gateway/schemas/contact.js';
import type { Enrollment } from '../gateway/schemas/school.js';
import type { Membership } from '../gateway/schemas/community.js';

type Options = { signal: AbortSignal };

/**
 * What the reactions of one event attempt have read from the API, shared by them: the contact at
 * most once, the enrollments per (contact, course) and the memberships per (contact, community)
 * at most once, each kept up to date by the writes the attempt makes. A new attempt (a retried
 * job) gets a new view and reads afresh, so a write made before a crash is seen there and not
 * repeated (docs/reliability.md#one-view-of-the-contact-per-event).
 */
export interface EventView {
  contact(id: number, options: Options): Promise<Contact>;
  enrollments(course: number, contact: number, options: Options): Promise<Enrollment[]>;
  memberships(community: number, contact: number, options: Options): Promise<Membership[]>;
  tagAdded(contact: number, tag: { id: number; name: string }): void;
  tagRemoved(contact: number, tagId: number): void;
  fieldSet(contact: number, slug: string, value: string): void;
  enrolled(course: number, contact: number, enrollment: Enrollment): void;
  enrollmentDeleted(course: number, contact: number, id: number): void;
  /** A membership is created asynchronously: the next read of that pair asks the API again. */
  membershipsChanged(community: number, contact: number): void;
  membershipDeleted(community: number, contact: number, id: number): void;
}

/** Caches a read's promise; a failed read is forgotten so that asking again reads again. */
function memo<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const reading = read();
  cache.set(key, reading);
  reading.catch(() => {
    if (cache.get(key) === reading) cache.delete(key);
  });
  return reading;
}

/** Applies a change to a cached value once it is read (a no-op for what was never read). */
function patch<T>(cache: Map<string, Promise<T>>, key: string, change: (value: T) => T): void {
  const known = cache.get(key);
  if (!known) return;
  const next = known.then(change);
  next.catch(() => undefined);
  cache.set(key, next);
}

export function createEventView(gateway: Gateway): EventView {
  const contacts = new Map<string, Promise<Contact>>();
  const enrollments = new Map<string, Promise<Enrollment[]>>();
  const memberships = new Map<string, Promise<Membership[]>>();
  const pair = (a: number, b: number) => `${a}:${b}`;
  return {
    contact: (id, options) => memo(contacts, String(id), () => gateway.contacts.get(id, options)),
    // The filters are applied again: a proxy may ignore them.
    enrollments: (course, contact, options) =>
      memo(enrollments, pair(course, contact), async () =>
        (await collect(gateway.enrollments.list({ course, contact }, options))).filter((e) => e.contact.id === contact && e.course.id === course),
      ),
    memberships: (community, contact, options) =>
      memo(memberships, pair(community, contact), async () =>
        (await collect(gateway.memberships.list({ community, contact }, options))).filter(
          (m) => m.contact.id === contact && m.community.id === community,
        ),
      ),
    tagAdded: (contact, tag) =>
      patch(contacts, String(contact), (c) => (c.tags.some((t) => t.id === tag.id) ? c : { ...c, tags: [...c.tags, tag] })),
    tagRemoved: (contact, tagId) => patch(contacts, String(contact), (c) => ({ ...c, tags: c.tags.filter((t) => t.id !== tagId) })),
    fieldSet: (contact, slug, value) =>
      patch(contacts, String(contact), (c) => ({
        ...c,
        fields: c.fields.some((f) => f.slug === slug)
          ? c.fields.map((f) => (f.slug === slug ? { ...f, value } : f))
          : [...c.fields, { slug, value }],
      })),
    enrolled: (course, contact, enrollment) => patch(enrollments, pair(course, contact), (list) => [...list, enrollment]),
    enrollmentDeleted: (course, contact, id) => patch(enrollments, pair(course, contact), (list) => list.filter((e) => e.id !== id)),
    membershipsChanged: (community, contact) => void memberships.delete(pair(community, contact)),
    membershipDeleted: (community, contact, id) => patch(memberships, pair(community, contact), (list) => list.filter((m) => m.id !== id)),
  };
}
