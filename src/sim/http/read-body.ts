import type { IncomingMessage } from 'node:http';
import { httpError } from '../errors.js';

/** Large enough for any Systeme.io request body; anything bigger is a client bug. */
const BODY_LIMIT_BYTES = 1_048_576;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) throw httpError(413, `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`, 'Payload Too Large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

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
