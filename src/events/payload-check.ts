import type { EventType } from './event-types.js';

/**
 * Whether a parsed payload passes its event's schema (src/events/payload-schemas.ts), answered
 * without building the parsed copy a zod parse makes. The receiver only needs the verdict for
 * each delivery (the worker parses the payload itself), and asks zod for the error when this
 * says no. It states the same rules as the schemas, and test/unit/payload-check.test.ts holds
 * the two to the same answers.
 */

const ID_TEXT = /^[1-9]\d{0,15}$/;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** idSchema: a positive safe integer, or its digits as a string. */
const isId = (value: unknown): boolean =>
  typeof value === 'number' ? Number.isSafeInteger(value) && value > 0 : typeof value === 'string' && ID_TEXT.test(value);

const optional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);

const isString = (value: unknown): boolean => typeof value === 'string';

/** tagRefSchema. */
const isTagRef = (value: unknown): boolean => isObject(value) && isId(value.id) && isString(value.name);

/** contactSchema. */
const isContact = (value: unknown): boolean =>
  isObject(value) &&
  isId(value.id) &&
  optional(value.email, isString) &&
  optional(value.tags, (tags) => Array.isArray(tags) && tags.every(isTagRef));

/** `withId.nullish()`: absent, null, or an object with an id. */
const isNullishWithId = (value: unknown): boolean => value === undefined || value === null || (isObject(value) && isId(value.id));

const isCustomer = (value: unknown): boolean =>
  isObject(value) && optional(value.id, isId) && isId(value.contactId) && optional(value.email, isString);

export function payloadPassesSchema(type: EventType, payload: unknown): boolean {
  if (!isObject(payload)) return false;
  switch (type) {
    case 'CONTACT_CREATED':
    case 'CONTACT_OPT_IN':
      return isContact(payload.contact);
    case 'CONTACT_TAG_ADDED':
    case 'CONTACT_TAG_REMOVED': {
      // Double-nested or single-nested contact (docs/systeme-io.md#tag-payloads).
      const contact = payload.contact;
      return ((isObject(contact) && isContact(contact.contact)) || isContact(contact)) && isTagRef(payload.tag);
    }
    case 'SALE_NEW':
    case 'SALE_CANCELED':
      return isCustomer(payload.customer) && isNullishWithId(payload.order) && isNullishWithId(payload.orderItem) && isNullishWithId(payload.pricePlan);
  }
}
