import { CODES, violation, type Violation } from '../errors.js';
import type { ContactRecord } from '../records.js';
import type { Store } from '../store.js';

export interface FieldValueInput {
  slug: string;
  value?: string | null | undefined;
}

/** Unknown slugs and non-ISO countries are rejected, as the OpenAPI's field description implies. */
export function checkFieldValues(store: Store, fields: readonly FieldValueInput[] | undefined): Violation[] {
  return (fields ?? []).flatMap((field, index) => {
    if (!store.fields.has(field.slug)) {
      return [violation(`fields[${index}].slug`, `The contact field "${field.slug}" does not exist: create it with POST /api/contact_fields first.`)];
    }
    if (field.slug === 'country' && typeof field.value === 'string' && !/^[A-Za-z]{2}$/.test(field.value)) {
      return [violation(`fields[${index}].value`, 'This value is not a valid country.', CODES.invalid)];
    }
    return [];
  });
}

/** A null or empty value removes the field's value (the API's merge-patch example). */
export function applyFieldValues(contact: ContactRecord, fields: readonly FieldValueInput[] | undefined): void {
  for (const field of fields ?? []) {
    if (field.value === null || field.value === undefined || field.value === '') contact.fields.delete(field.slug);
    else contact.fields.set(field.slug, field.slug === 'country' ? field.value.toUpperCase() : field.value);
  }
}
