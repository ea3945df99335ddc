import { z } from 'zod';

export const contactFieldSchema = z.looseObject({ slug: z.string(), fieldName: z.string() });

export type ContactField = z.output<typeof contactFieldSchema>;

/** OpenAPI `ContactFieldInput`: a name of at most 255 characters, a slug of word characters. */
export const contactFieldCreateSchema = z.object({
  fieldName: z.string().min(1).max(255),
  slug: z.string().regex(/^\w+$/, 'letters, digits and _ only'),
});

export type ContactFieldCreate = z.input<typeof contactFieldCreateSchema>;

export const contactFieldUpdateSchema = z.object({ fieldName: z.string().min(1).max(255) });

export type ContactFieldUpdate = z.input<typeof contactFieldUpdateSchema>;
