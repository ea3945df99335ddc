import { z } from 'zod';
import { idSchema } from './ids.js';

export const tagRefSchema = z.looseObject({ id: idSchema, name: z.string() });

/** A contact as webhook payloads carry it: the id is what reactions need, the rest is kept as sent. */
export const contactSchema = z.looseObject({
  id: idSchema,
  email: z.string().optional(),
  tags: z.array(tagRefSchema).optional(),
});

export type Contact = z.output<typeof contactSchema>;
