import type { EventType } from '../events/event-types.js';

export interface PayloadContact {
  id: number;
  email?: string;
  name?: string;
}

const MAX_TEXT = 200;

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function idOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)) return Number(value);
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.trim().slice(0, MAX_TEXT);
}

/** Contact payloads list fields as `[{slug, value}]`; sale payloads as an object keyed by slug. */
function field(fields: unknown, slug: string): string | undefined {
  if (Array.isArray(fields)) return text(fields.map(record).find((entry) => entry?.slug === slug)?.value);
  return text(record(fields)?.[slug]);
}

function nameOf(fields: unknown): string | undefined {
  const parts = [field(fields, 'first_name'), field(fields, 'surname')].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * Who a payload is about, read loosely (the receiver has not validated it against its schema, and
 * an invalid payload is recorded too): `contact.id` (also double-nested) or `customer.contactId`,
 * with the email and the first name and surname when present. Undefined when no id is found.
 */
export function contactOf(event: EventType, payload: unknown): PayloadContact | undefined {
  const body = record(payload);
  if (!body) return undefined;
  let contact: Record<string, unknown> | undefined;
  let id: number | undefined;
  if (event === 'SALE_NEW' || event === 'SALE_CANCELED') {
    contact = record(body.customer);
    id = idOf(contact?.contactId);
  } else {
    const outer = record(body.contact);
    contact = record(outer?.contact) ?? outer;
    id = idOf(contact?.id);
  }
  if (id === undefined || !contact) return undefined;
  const email = text(contact.email);
  const name = nameOf(contact.fields);
  return { id, ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

/** A few words on what the event is about: `price plan 3456 (Monthly), order item 12`, `tag "vip"`. */
export function aboutOf(event: EventType, payload: unknown): string | undefined {
  const body = record(payload);
  if (!body) return undefined;
  if (event === 'CONTACT_TAG_ADDED' || event === 'CONTACT_TAG_REMOVED') {
    const name = text(record(body.tag)?.name);
    return name === undefined ? undefined : `tag "${name}"`;
  }
  if (event !== 'SALE_NEW' && event !== 'SALE_CANCELED') return undefined;
  const plan = record(body.pricePlan);
  const planId = idOf(plan?.id);
  const planName = text(plan?.name);
  const item = idOf(record(body.orderItem)?.id);
  const parts = [
    planId === undefined ? undefined : `price plan ${planId}${planName ? ` (${planName})` : ''}`,
    item === undefined ? undefined : `order item ${item}`,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
