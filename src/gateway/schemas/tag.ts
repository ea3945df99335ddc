import { z } from 'zod';
import { apiIdSchema } from './common.js';

export const tagSchema = z.looseObject({
  id: apiIdSchema,
  name: z.string(),
  createdAt: z.string().optional(),
});

export type Tag = z.output<typeof tagSchema>;

/** OpenAPI `Tag.TagInput`: a name of at most 64 characters. */
export const tagInputSchema = z.object({ name: z.string().min(1).max(64) });
