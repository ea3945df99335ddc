import type { ContactRecord, TagRecord } from '../records.js';
import type { Store } from '../store.js';
import { contactView } from '../views.js';

/** CONTACT_CREATED / CONTACT_OPT_IN body: `{"contact": {…}}` (docs/systeme-io.md#contact-payloads). */
export function contactPayload(store: Store, contact: ContactRecord): Record<string, unknown> {
  return { contact: contactView(store, contact) };
}

/**
 * CONTACT_TAG_ADDED / _REMOVED body: `{"contact": {…}, "tag": {id, name}}`, single-nested (the
 * form integrators capture); for a removal `contact.tags` already lacks the tag (docs/systeme-io.md#tag-payloads).
 */
export function tagPayload(store: Store, contact: ContactRecord, tag: TagRecord): Record<string, unknown> {
  return { contact: contactView(store, contact), tag: { id: tag.id, name: tag.name } };
}
