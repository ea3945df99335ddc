import { checkInput, keySegment } from '../check-input.js';
import {
  contactFieldCreateSchema,
  contactFieldSchema,
  contactFieldUpdateSchema,
  type ContactField,
  type ContactFieldCreate,
  type ContactFieldUpdate,
} from '../schemas/contact-field.js';
import type { CallOptions, ResourceContext } from './context.js';

export type ContactFieldsApi = ReturnType<typeof contactFieldsApi>;

export function contactFieldsApi({ transport, paginator }: ResourceContext) {
  return {
    /** Every custom field (one request: the OpenAPI document gives this listing no cursor). */
    list(options: CallOptions = {}): AsyncIterable<ContactField> {
      return paginator.single(contactFieldSchema, { operation: 'contactFields.list', path: '/api/contact_fields', signal: options.signal });
    },
    create(input: ContactFieldCreate, options: CallOptions = {}): Promise<ContactField> {
      const body = checkInput('contactFields.create', contactFieldCreateSchema, input);
      return transport.call({ operation: 'contactFields.create', method: 'POST', path: '/api/contact_fields', body, signal: options.signal }, contactFieldSchema);
    },
    /** Renames a field; its slug cannot change. */
    update(slug: string, patch: ContactFieldUpdate, options: CallOptions = {}): Promise<ContactField> {
      const path = `/api/contact_fields/${keySegment('contactFields.update', slug)}`;
      const body = checkInput('contactFields.update', contactFieldUpdateSchema, patch);
      return transport.call({ operation: 'contactFields.update', method: 'PATCH', path, body, signal: options.signal }, contactFieldSchema);
    },
    delete(slug: string, options: CallOptions = {}): Promise<void> {
      const path = `/api/contact_fields/${keySegment('contactFields.delete', slug)}`;
      return transport.callVoid({ operation: 'contactFields.delete', method: 'DELETE', path, signal: options.signal });
    },
  };
}
