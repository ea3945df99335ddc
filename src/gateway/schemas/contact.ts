import { z } from 'zod';
import { apiIdSchema } from './common.js';

/** Locales accepted on write (OpenAPI `Contact.ContactInput`). Answers are read as plain strings. */
export const CONTACT_LOCALES = [
  'en', 'fr', 'es', 'it', 'pt', 'de', 'nl', 'ru', 'jp', 'tr', 'ar', 'zh', 'sv', 'ro',
  'cs', 'hu', 'sk', 'dk', 'id', 'pl', 'el', 'sr', 'hi', 'no', 'th', 'sq', 'sl', 'ua',
] as const;

export const contactFieldValueSchema = z.looseObject({
  slug: z.string(),
  fieldName: z.string().optional(),
  value: z.string().nullish(),
});

export const contactTagSchema = z.looseObject({ id: apiIdSchema, name: z.string() });

export const contactSchema = z.looseObject({
  id: apiIdSchema,
  email: z.string(),
  registeredAt: z.string().optional(),
  locale: z.string().nullish(),
  sourceURL: z.string().nullish(),
  unsubscribed: z.boolean().optional(),
  bounced: z.boolean().optional(),
  needsConfirmation: z.boolean().optional(),
  fields: z.array(contactFieldValueSchema).default([]),
  tags: z.array(contactTagSchema).default([]),
});

export type Contact = z.output<typeof contactSchema>;

// Names are fields too: `first_name`, `surname` (docs/systeme-io.md#contacts). A null value clears the field.
const fieldInputSchema = z.object({ slug: z.string().min(1), value: z.string().nullable() });

export const contactCreateSchema = z.object({
  // A sanity check only: Systeme.io itself checks the domain's MX records.
  email: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'expected an email address'),
  locale: z.enum(CONTACT_LOCALES).optional(),
  fields: z.array(fieldInputSchema).optional(),
});

export type ContactCreate = z.input<typeof contactCreateSchema>;

export const contactUpdateSchema = z.object({
  locale: z.enum(CONTACT_LOCALES).nullable().optional(),
  fields: z.array(fieldInputSchema).optional(),
});

export type ContactUpdate = z.input<typeof contactUpdateSchema>;
