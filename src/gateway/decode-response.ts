import { z } from 'zod';
import { UnexpectedResponseError } from './errors.js';

/** The body as JSON when it is JSON, else its text (error pages of proxies are HTML). */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A success body checked against its schema; anything else says which operation returned what. */
export function decodeResponse<T>(operation: string, status: number, text: string, schema: z.ZodType<T>): T {
  const what = `${operation} returned ${status}`;
  const fix = 'check that SYSTEME_API_URL points at the Systeme.io API (or the Maton gateway)';
  const body = parseBody(text);
  if (typeof body === 'string') {
    throw new UnexpectedResponseError(operation, status, `${what} with a body that is not JSON ("${body.slice(0, 60)}"); ${fix}`);
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new UnexpectedResponseError(operation, status, `${what} with an unexpected body:\n${z.prettifyError(parsed.error)}\n${fix}`);
}
