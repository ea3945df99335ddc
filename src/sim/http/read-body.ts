import { httpError } from '../errors.js';

/** Large enough for any Systeme.io request body; anything bigger is a client bug. */
export const BODY_LIMIT_BYTES = 1_048_576;

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses a JSON body; an empty body is undefined, invalid JSON a 400 naming the problem. */
export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw httpError(400, `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
