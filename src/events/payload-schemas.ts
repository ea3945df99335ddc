import { z } from 'zod';
import { contactSchema, tagRefSchema } from './contact-schema.js';
import { idSchema } from './ids.js';
import type { EventType } from './event-types.js';

/** CONTACT_CREATED and CONTACT_OPT_IN: `{"contact": {…}}`. */
export const contactPayloadSchema = z.looseObject({ contact: contactSchema });

/**
 * CONTACT_TAG_ADDED / _REMOVED. The documentation is said to double-nest the contact
 * (`{"contact":{"contact":{…}}}`, docs/systeme-io.md#tag-payloads): both forms are accepted and single-nested here.
 */
export const tagPayloadSchema = z.looseObject({
  contact: z.union([z.looseObject({ contact: contactSchema }).transform((outer) => outer.contact), contactSchema]),
  tag: tagRefSchema,
});

const customerSchema = z.looseObject({
  id: idSchema.optional(),
  contactId: idSchema,
  email: z.string().optional(),
});

const withId = z.looseObject({ id: idSchema });

/**
 * SALE_NEW (schema 2, captured) and SALE_CANCELED (believed to share its shape, docs/systeme-io.md#sale-payloads).
 * `customer.contactId` is the contact to act on; every other block is optional and kept as sent.
 */
export const salePayloadSchema = z.looseObject({
  customer: customerSchema,
  order: withId.nullish(),
  orderItem: withId.nullish(),
  pricePlan: withId.nullish(),
});

export const payloadSchemas = {
  CONTACT_CREATED: contactPayloadSchema,
  CONTACT_OPT_IN: contactPayloadSchema,
  CONTACT_TAG_ADDED: tagPayloadSchema,
  CONTACT_TAG_REMOVED: tagPayloadSchema,
  SALE_NEW: salePayloadSchema,
  SALE_CANCELED: salePayloadSchema,
} as const satisfies Record<EventType, z.ZodType>;
