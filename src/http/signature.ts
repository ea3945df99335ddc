import { createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Lowercase hex HMAC-SHA256 of the exact body bytes, as Systeme.io sends in `X-Webhook-Signature`. */
export function sign(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export type VerifyResult =
  | { ok: true; secretIndex: number }
  | { ok: false; reason: 'missing-signature' | 'malformed-signature' | 'no-secret' | 'mismatch' };

/**
 * Checks `signature` against every secret (rotation: the first match wins) over the raw bytes,
 * in constant time per secret. Upper- and lower-case hex are both accepted.
 */
export function verify(body: Buffer, signature: string | undefined, secrets: readonly string[]): VerifyResult {
  if (signature === undefined || signature === '') return { ok: false, reason: 'missing-signature' };
  if (!HEX_SHA256.test(signature)) return { ok: false, reason: 'malformed-signature' };
  if (secrets.length === 0) return { ok: false, reason: 'no-secret' };
  const given = Buffer.from(signature, 'hex');
  let match = -1;
  for (const [index, secret] of secrets.entries()) {
    const expected = createHmac('sha256', secret).update(body).digest();
    // Every secret is checked even after a match, so timing does not reveal which one matched.
    if (timingSafeEqual(expected, given) && match === -1) match = index;
  }
  return match === -1 ? { ok: false, reason: 'mismatch' } : { ok: true, secretIndex: match };
}

/** The secret for one event type's own route: HMAC-SHA256(master, "systeme-hooks:" + EVENT) in hex. */
export function deriveEventSecret(masterSecret: string, eventType: string): string {
  return createHmac('sha256', masterSecret).update(`systeme-hooks:${eventType}`).digest('hex');
}
