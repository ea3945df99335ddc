import { z } from 'zod';
import type { Contact } from './contact-schema.js';
import type { EventType } from './event-types.js';
import { payloadSchemas } from './payload-schemas.js';

/**
 * The one shape later code reads: the payload's own keys, plus `contact` (with at least `id`)
 * for every event. Sale events get it from `customer.contactId` / `customer.email`.
 */
export type EventData = Record<string, unknown> & { contact: Contact };

export type NormaliseResult = { ok: true; data: EventData } | { ok: false; error: string };

export function normalisePayload(type: EventType, payload: unknown): NormaliseResult {
  const parsed = payloadSchemas[type].safeParse(payload);
  if (!parsed.success) return { ok: false, error: `${type} payload: ${z.prettifyError(parsed.error)}` };
  const data = parsed.data as Record<string, unknown>;
  if (type === 'SALE_NEW' || type === 'SALE_CANCELED') {
    const customer = data.customer as { contactId: number; email?: string };
    const contact: Contact = { id: customer.contactId };
    if (customer.email !== undefined) contact.email = customer.email;
    return { ok: true, data: { ...data, contact } };
  }
  return { ok: true, data: data as EventData };
}
