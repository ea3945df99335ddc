import { z } from 'zod';
import { InvalidRequestError } from './errors.js';
import { inputIdSchema } from './schemas/common.js';

/** Validates a caller's arguments before anything is sent; the error lists every problem. */
export function checkInput<S extends z.ZodType>(operation: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidRequestError(operation, `${operation}: invalid arguments, nothing was sent:\n${z.prettifyError(parsed.error)}`);
}

/** An integer id from a caller, refusing anything that is not one. */
export function checkId(operation: string, id: number): number {
  return checkInput(operation, inputIdSchema, id);
}

/** A path segment from an integer id. */
export function idSegment(operation: string, id: number): string {
  return String(checkId(operation, id));
}

/** A path segment from a string key (webhook UUID, field slug), escaped. */
export function keySegment(operation: string, key: string): string {
  return encodeURIComponent(checkInput(operation, z.string().min(1), key));
}
