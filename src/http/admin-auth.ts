import { createHash, timingSafeEqual } from 'node:crypto';

/** Sent with every 401 so a browser shows its login prompt (any user name, the token as password). */
export const ADMIN_CHALLENGE = 'Basic realm="systeme-hooks", charset="UTF-8"';

/**
 * Does an `Authorization` header carry the admin token? Accepts `Bearer <token>` (scripts) and
 * `Basic base64(<any user>:<token>)` (browsers). Pure.
 */
export function hasAdminToken(authorization: string | undefined, token: string): boolean {
  if (token === '') return false;
  const presented = presentedToken(authorization);
  return presented !== undefined && sameSecret(presented, token);
}

function presentedToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  if (!match) return undefined;
  const [, scheme = '', value = ''] = match;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // RFC 7617: the user id cannot contain a colon, so the password is everything after the first.
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** Compares digests so neither the length nor the first differing byte shows in the timing. */
function sameSecret(presented: string, token: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
