import type { EventType } from '../../events/event-types.js';
import type { ContactRecord, PricePlanRecord } from '../records.js';
import type { IdKind, Store } from '../store.js';
import { atomTimestamp } from '../time.js';
import type { UuidGenerator } from '../uuid-v7.js';
import { newSubscription } from '../webhooks/webhook-subscriptions.js';
import type { ParsedSeed } from './seed-schema.js';

type PlanSeed = NonNullable<ParsedSeed['pricePlans']>[number];

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'item';
}

function toPlan(seed: PlanSeed): PricePlanRecord {
  const type = seed.type ?? 'subscription';
  return {
    id: seed.id,
    name: seed.name,
    innerName: seed.innerName ?? seed.name,
    type,
    amount: seed.amount,
    currency: seed.currency.toLowerCase(),
    statementDescriptor: seed.statementDescriptor ?? '',
    recurringOptions: seed.recurringOptions !== undefined ? seed.recurringOptions : type === 'subscription' ? { interval: 'month', intervalCount: 1 } : null,
  };
}

/**
 * Adds (or replaces, by id) the seeded records. Assumes `checkSeed` found nothing; explicit
 * ids are reserved so generated ids never collide with them. Seeding sends no webhook events.
 */
export function applySeed(store: Store, seed: ParsedSeed, uuid: UuidGenerator, now: Date): void {
  const stamp = atomTimestamp(now);
  const take = (kind: IdKind, id: number | undefined): number => {
    if (id === undefined) return store.nextId(kind);
    store.reserveId(kind, id);
    return id;
  };
  const normalise = (time: string | null | undefined) => (time ? atomTimestamp(new Date(time)) : null);

  for (const field of seed.contactFields ?? []) store.fields.set(field.slug, { ...field });
  for (const tag of seed.tags ?? []) {
    const id = take('tag', tag.id);
    store.tags.set(id, { id, name: tag.name, createdAt: normalise(tag.createdAt) ?? stamp });
  }
  for (const course of seed.courses ?? []) {
    const id = take('course', course.id);
    const modules = (course.modules ?? []).map((m) => ({ id: take('module', m.id), name: m.name }));
    store.courses.set(id, { id, name: course.name, locale: course.locale ?? 'en', path: course.path ?? slugify(course.name), domainName: course.domainName ?? null, active: course.active ?? true, modules });
  }
  for (const community of seed.communities ?? []) {
    const id = take('community', community.id);
    store.communities.set(id, { id, name: community.name, domainName: community.domainName ?? 'sim.systeme.io', path: community.path ?? slugify(community.name) });
  }
  for (const plan of [...(seed.pricePlans ?? []), ...(seed.subscriptions ?? []).flatMap((s) => (s.pricePlan ? [s.pricePlan] : []))]) {
    store.reserveId('pricePlan', plan.id);
    store.pricePlans.set(plan.id, toPlan(plan));
  }
  for (const seeded of seed.contacts ?? []) {
    const id = take('contact', seeded.id);
    const contact: ContactRecord = {
      id,
      email: seeded.email,
      registeredAt: normalise(seeded.registeredAt) ?? stamp,
      locale: seeded.locale ?? 'en',
      sourceURL: seeded.sourceURL ?? null,
      unsubscribed: seeded.unsubscribed ?? false,
      bounced: seeded.bounced ?? false,
      needsConfirmation: seeded.needsConfirmation ?? false,
      fields: new Map(),
      tagIds: [],
    };
    for (const field of seeded.fields ?? []) {
      if (!store.fields.has(field.slug)) store.fields.set(field.slug, { slug: field.slug, fieldName: field.fieldName ?? field.slug });
      if (field.value !== null && field.value !== '') contact.fields.set(field.slug, field.value);
    }
    for (const ref of seeded.tags ?? []) {
      const tagId = typeof ref === 'number' ? ref : ref.id;
      if (typeof ref !== 'number' && !store.tags.has(tagId)) store.tags.set(tagId, { id: take('tag', tagId), name: ref.name, createdAt: stamp });
      if (!contact.tagIds.includes(tagId)) contact.tagIds.push(tagId);
    }
    store.contacts.set(id, contact);
  }
  for (const seeded of seed.subscriptions ?? []) {
    const id = take('subscription', seeded.id);
    const createdAt = normalise(seeded.createdAt) ?? stamp;
    const sale = { orderId: take('order', seeded.orderId), orderItemId: take('orderItem', seeded.orderItemId), courseId: seeded.courseId ?? null, createdAt };
    const status = seeded.status ?? 'active';
    const cancelledAt = normalise(seeded.cancelledAt) ?? (status === 'cancelled' ? stamp : null);
    store.subscriptions.set(id, {
      id,
      contactId: seeded.contactId,
      pricePlanId: seeded.pricePlan?.id ?? seeded.pricePlanId ?? null,
      status,
      createdAt,
      completedAt: normalise(seeded.completedAt),
      cancelledAt,
      cancelAtPeriodEnd: status === 'active' && cancelledAt !== null,
      sale,
    });
  }
  for (const seeded of seed.enrollments ?? []) {
    const id = take('enrollment', seeded.id);
    const accessType = seeded.accessType ?? 'full_access';
    store.enrollments.set(id, { id, contactId: seeded.contactId, courseId: seeded.courseId, accessType, modules: accessType === 'partial_access' ? (seeded.modules ?? null) : null, active: true });
  }
  for (const seeded of seed.memberships ?? []) {
    const id = take('membership', seeded.id);
    store.memberships.set(id, { id, contactId: seeded.contactId, communityId: seeded.communityId });
  }
  for (const seeded of seed.webhooks ?? []) {
    const id = seeded.id ?? uuid();
    const events = [...new Set<EventType>(seeded.subscriptions)];
    store.webhooks.set(id, { id, name: seeded.name, url: seeded.url, secret: seeded.secret, active: seeded.active ?? true, subscriptions: events.map((e) => newSubscription(uuid, e)) });
  }
}
