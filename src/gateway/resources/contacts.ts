import { checkId, checkInput, idSegment } from '../check-input.js';
import type { Page, PageOrder } from '../schemas/common.js';
import {
  contactCreateSchema,
  contactSchema,
  contactUpdateSchema,
  type Contact,
  type ContactCreate,
  type ContactUpdate,
} from '../schemas/contact.js';
import type { CallOptions, ResourceContext } from './context.js';

export interface ContactFilters {
  /** Exact email (docs/systeme-io.md#contacts). */
  email?: string | undefined;
  /** Contacts carrying all of these tag ids. */
  tags?: number[] | undefined;
  /** Page size asked for first. Default 100 (smaller if the API refuses it). */
  limit?: number | undefined;
  /** Default `desc` (the API's). */
  order?: PageOrder | undefined;
}

function listRequest(filters: ContactFilters, options: CallOptions) {
  const tags = filters.tags && filters.tags.length > 0 ? filters.tags.join(',') : undefined;
  return {
    operation: 'contacts.list',
    path: '/api/contacts',
    query: { email: filters.email, tags },
    limit: filters.limit,
    order: filters.order,
    signal: options.signal,
  };
}

export type ContactsApi = ReturnType<typeof contactsApi>;

export function contactsApi({ transport, paginator }: ResourceContext) {
  return {
    /** Every contact matching `filters`, fetching pages as the iteration goes. */
    list(filters: ContactFilters = {}, options: CallOptions = {}): AsyncIterable<Contact> {
      return paginator.list(contactSchema, listRequest(filters, options));
    },
    /** One page; pass the last id seen as `startingAfter` for the next. */
    page(filters: ContactFilters & { startingAfter?: number } = {}, options: CallOptions = {}): Promise<Page<Contact>> {
      return paginator.page(contactSchema, listRequest(filters, options), filters.startingAfter);
    },
    /** The contact with this email, or undefined. */
    async findByEmail(email: string, options: CallOptions = {}): Promise<Contact | undefined> {
      const { items } = await paginator.page(contactSchema, listRequest({ email, limit: 10 }, options));
      // The filter is documented as exact; the domain part of an address is case-insensitive anyway.
      return items.find((contact) => contact.email.toLowerCase() === email.toLowerCase());
    },
    get(id: number, options: CallOptions = {}): Promise<Contact> {
      const path = `/api/contacts/${idSegment('contacts.get', id)}`;
      return transport.call({ operation: 'contacts.get', method: 'GET', path, signal: options.signal }, contactSchema);
    },
    /** 422 if the email exists already (docs/systeme-io.md#contacts): look it up first to stay idempotent. */
    create(input: ContactCreate, options: CallOptions = {}): Promise<Contact> {
      const body = checkInput('contacts.create', contactCreateSchema, input);
      return transport.call({ operation: 'contacts.create', method: 'POST', path: '/api/contacts', body, signal: options.signal }, contactSchema);
    },
    /** A merge patch: only the locale and the fields given change. */
    update(id: number, patch: ContactUpdate, options: CallOptions = {}): Promise<Contact> {
      const path = `/api/contacts/${idSegment('contacts.update', id)}`;
      const body = checkInput('contacts.update', contactUpdateSchema, patch);
      return transport.call({ operation: 'contacts.update', method: 'PATCH', path, body, signal: options.signal }, contactSchema);
    },
    delete(id: number, options: CallOptions = {}): Promise<void> {
      const path = `/api/contacts/${idSegment('contacts.delete', id)}`;
      return transport.callVoid({ operation: 'contacts.delete', method: 'DELETE', path, signal: options.signal });
    },
    addTag(contactId: number, tagId: number, options: CallOptions = {}): Promise<void> {
      const path = `/api/contacts/${idSegment('contacts.addTag', contactId)}/tags`;
      const body = { tagId: checkId('contacts.addTag', tagId) };
      return transport.callVoid({ operation: 'contacts.addTag', method: 'POST', path, body, signal: options.signal });
    },
    /** 404 when the tag is not assigned (docs/systeme-io.md#contacts). */
    removeTag(contactId: number, tagId: number, options: CallOptions = {}): Promise<void> {
      const path = `/api/contacts/${idSegment('contacts.removeTag', contactId)}/tags/${idSegment('contacts.removeTag', tagId)}`;
      return transport.callVoid({ operation: 'contacts.removeTag', method: 'DELETE', path, signal: options.signal });
    },
  };
}
