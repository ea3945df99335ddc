import { z } from 'zod';

/** A Systeme.io integer id; digit-only strings are accepted and turned into numbers. */
export const idSchema = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'expected a positive integer id')
    .transform(Number),
]);
