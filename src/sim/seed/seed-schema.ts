import { z } from 'zod';
import { EVENT_TYPES } from '../../events/event-types.js';
import { LOCALES } from '../api/locales.js';
import { ACCESS_TYPES, SUBSCRIPTION_STATUSES } from '../records.js';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const timestamp = z.iso.datetime({ offset: true });
const name = z.string().min(1).max(255);

const contactFieldSeed = z.strictObject({ slug: z.string().regex(/^\w+$/, 'slug must be letters, digits or _'), fieldName: name });
const tagSeed = z.strictObject({ id: id.optional(), name: z.string().min(1).max(64), createdAt: timestamp.optional() });

const contactSeed = z.strictObject({
  id: id.optional(),
  email: z.email(),
  locale: z.enum(LOCALES).optional(),
  registeredAt: timestamp.optional(),
  sourceURL: z.string().nullable().optional(),
  unsubscribed: z.boolean().optional(),
  bounced: z.boolean().optional(),
  needsConfirmation: z.boolean().optional(),
  /** Unknown slugs become custom fields named `fieldName` (or the slug). */
  fields: z.array(z.strictObject({ slug: z.string().regex(/^\w+$/), value: z.string().nullable(), fieldName: name.optional() })).optional(),
  /** A tag id seeded elsewhere, or `{id, name}` (created when missing). */
  tags: z.array(z.union([id, z.strictObject({ id, name: z.string().min(1).max(64) })])).optional(),
});

const courseSeed = z.strictObject({
  id: id.optional(),
  name,
  modules: z.array(z.strictObject({ id: id.optional(), name })).optional(),
  active: z.boolean().optional(),
  locale: z.string().optional(),
  path: z.string().optional(),
  domainName: z.string().nullable().optional(),
});

const communitySeed = z.strictObject({ id: id.optional(), name, domainName: z.string().optional(), path: z.string().optional() });

const pricePlanSeed = z.strictObject({
  id,
  name,
  amount: z.number().int().nonnegative(),
  currency: z.string().length(3),
  /** `subscription` (default) or e.g. `one_shot`: only subscription plans create subscriptions on a sale. */
  type: z.string().min(1).optional(),
  innerName: z.string().optional(),
  statementDescriptor: z.string().optional(),
  recurringOptions: z.looseObject({ interval: z.enum(['day', 'week', 'month', 'year']), intervalCount: z.number().int().positive() }).nullable().optional(),
});

const subscriptionSeed = z.strictObject({
  id: id.optional(),
  contactId: id,
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  createdAt: timestamp.optional(),
  cancelledAt: timestamp.nullable().optional(),
  completedAt: timestamp.nullable().optional(),
  /** The plan itself, or `pricePlanId` naming one from `pricePlans`. */
  pricePlan: pricePlanSeed.optional(),
  pricePlanId: id.optional(),
  /** The original sale's ids, repeated by SALE_CANCELED; generated when absent. */
  orderId: id.optional(),
  orderItemId: id.optional(),
  courseId: id.optional(),
});

const enrollmentSeed = z.strictObject({
  id: id.optional(),
  contactId: id,
  courseId: id,
  accessType: z.enum(ACCESS_TYPES).optional(),
  modules: z.array(id).optional(),
});

const membershipSeed = z.strictObject({ id: id.optional(), contactId: id, communityId: id });

const webhookSeed = z.strictObject({
  id: z.uuid().optional(),
  name,
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1),
  subscriptions: z.array(z.enum(EVENT_TYPES)),
  active: z.boolean().optional(),
});

/**
 * Data added to the simulated account (the `seed` option and `POST /__sim/seed`). Every key is
 * optional; records without an `id` get a generated one. Unknown keys are rejected so a typo
 * in a seed file is reported rather than silently ignored.
 */
export const seedSchema = z.strictObject({
  contactFields: z.array(contactFieldSeed).optional(),
  tags: z.array(tagSeed).optional(),
  contacts: z.array(contactSeed).optional(),
  courses: z.array(courseSeed).optional(),
  communities: z.array(communitySeed).optional(),
  pricePlans: z.array(pricePlanSeed).optional(),
  subscriptions: z.array(subscriptionSeed).optional(),
  enrollments: z.array(enrollmentSeed).optional(),
  memberships: z.array(membershipSeed).optional(),
  webhooks: z.array(webhookSeed).optional(),
});

export type SeedData = z.input<typeof seedSchema>;
export type ParsedSeed = z.output<typeof seedSchema>;
