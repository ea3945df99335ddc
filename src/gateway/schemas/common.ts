import { z } from 'zod';

/** An integer id as the API returns it (ids are integers, webhooks' are UUIDs: docs/systeme-io.md#ids). */
export const apiIdSchema = z.number().int();

/** An id the caller passes in: positive, so that `/api/contacts/undefined` is never requested. */
export const inputIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A list answer (docs/systeme-io.md#pagination): `{"items":[…],"hasMore":bool}`. */
export function pageSchema<T>(item: z.ZodType<T>) {
  return z.looseObject({ items: z.array(item), hasMore: z.boolean() });
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** Cursor order (docs/systeme-io.md#pagination); the API's default is `desc`. */
export type PageOrder = 'asc' | 'desc';
