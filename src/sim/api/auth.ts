import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

function same(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual needs.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * docs/systeme-io.md#maton-gateway: the key comes as `X-API-Key` (direct) or `Authorization: Bearer` (through the
 * Maton gateway, which forwards to Systeme.io with its own key). Both are accepted.
 */
export function isAuthorized(headers: IncomingHttpHeaders, apiKey: string): boolean {
  const direct = headers['x-api-key'];
  if (typeof direct === 'string' && same(direct, apiKey)) return true;
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return bearer !== null && same(bearer[1]!.trim(), apiKey);
}
